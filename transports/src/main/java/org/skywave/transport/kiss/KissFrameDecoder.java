package org.skywave.transport.kiss;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;
import org.skywave.transport.MalformedFrameException;

/**
 * Netty adapter over {@link KissDeframer} for KISS over TCP: emits {@link KissFrame}s. A dropped
 * frame is raised as a {@link io.netty.handler.codec.DecoderException} whose cause is the
 * {@link MalformedFrameException}, after every good frame in the same read has been passed on;
 * the decoder itself carries on with the next frame. One instance per connection.
 */
public final class KissFrameDecoder extends ByteToMessageDecoder {

    private final KissDeframer deframer;
    private final List<Object> frames = new ArrayList<>();
    private MalformedFrameException firstError;
    private int suppressedErrors;

    public KissFrameDecoder(int maxFrameBytes, String source) {
        this.deframer = new KissDeframer(maxFrameBytes, source, new KissDeframer.Handler() {
            @Override
            public void onFrame(KissFrame frame) {
                frames.add(frame);
            }

            @Override
            public void onError(MalformedFrameException error) {
                if (firstError == null) {
                    firstError = error;
                } else {
                    suppressedErrors++;
                }
            }
        });
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        // The deframer keeps its own state, so every readable byte is consumed at once and
        // nothing accumulates in Netty's cumulation buffer.
        int count = in.readableBytes();
        if (in.hasArray()) {
            deframer.feed(in.array(), in.arrayOffset() + in.readerIndex(), count);
        } else {
            byte[] chunk = new byte[count];
            in.getBytes(in.readerIndex(), chunk);
            deframer.feed(chunk);
        }
        in.skipBytes(count);
        out.addAll(frames);
        frames.clear();
        MalformedFrameException error = firstError;
        if (error != null) {
            if (suppressedErrors > 0) {
                error.addSuppressed(new KissFormatException(suppressedErrors + " more KISS frames dropped in the same read"));
            }
            firstError = null;
            suppressedErrors = 0;
            throw error;
        }
    }

    /** The deframer's counters: frames, errors, noise bytes. */
    public KissDeframer deframer() {
        return deframer;
    }
}
