package org.skywave.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the admin API's request path as {@link AdminServer} builds it: Netty's
 * HTTP decoder with the server's line and header limits, the bounded body aggregator and the
 * handler, fed any bytes in any chunks. Nothing escapes the pipeline; every request that reaches
 * the handler is answered (interim 100-continue aside) (an exception it did not foresee would close the connection without
 * an answer); no answer is a server error; no request body held exceeds
 * {@link TxRequest#MAX_BODY_BYTES}. Without {@code JAZZER_FUZZ} this runs the seeds in
 * {@code AdminHttpFuzzTestInputs}.
 */
class AdminHttpFuzzTest {

    @FuzzTest
    void answersRequests(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 256);
        byte[] stream = data.consumeRemainingAsBytes();
        Counter counter = new Counter();
        // The counter sits between the HTTP codec and the aggregator, where answers are still objects.
        EmbeddedChannel channel = new EmbeddedChannel(
                new HttpServerCodec(AdminServer.MAX_INITIAL_LINE_BYTES, AdminServer.MAX_HEADER_BYTES, 8_192),
                counter, new BoundedBodyAggregator(TxRequest.MAX_BODY_BYTES), counter.requests(),
                new AdminHttpHandler(new FakeAdminBackend(), new AdminToken(AdminSamples.TOKEN), Duration.ofSeconds(5)));
        try {
            for (int offset = 0; offset < stream.length && channel.isOpen(); offset += chunk) {
                channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, Math.min(chunk, stream.length - offset)));
                channel.runPendingTasks();
            }
            channel.checkException();
            if (channel.isOpen()) {
                // At least: the aggregator answers over-long requests itself, before they reach the handler.
                assertTrue(counter.responses.size() >= counter.requests,
                        counter.responses.size() + " answers to " + counter.requests + " requests");
            } else {
                assertTrue(counter.requests == 0 || !counter.responses.isEmpty(), "connection closed without an answer");
            }
            for (int status : counter.responses) {
                assertTrue(status < 500 || status == 503, "status " + status);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Counts requests as they reach the handler and answers as they leave the pipeline. */
    private static final class Counter extends ChannelDuplexHandler {
        int requests;
        final List<Integer> responses = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof FullHttpResponse response && response.status().code() >= 200) {
                responses.add(response.status().code());
            }
            ctx.write(msg, promise);
        }

        ChannelDuplexHandler requests() {
            return new ChannelDuplexHandler() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof FullHttpRequest request) {
                        assertTrue(request.content().readableBytes() <= TxRequest.MAX_BODY_BYTES,
                                "body of " + request.content().readableBytes() + " bytes");
                        if (ctx.channel().isOpen()) {
                            requests++;
                        }
                    }
                    ctx.fireChannelRead(msg);
                }
            };
        }
    }
}
