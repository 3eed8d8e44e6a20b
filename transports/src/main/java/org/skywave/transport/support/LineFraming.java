package org.skywave.transport.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.string.LineEncoder;
import io.netty.handler.codec.string.LineSeparator;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Text lines on a modem's TCP port: VARA's command port ends each line with CR, JS8Call's API with
 * LF ({@code ../shared/specs/vara.md} "Ports", {@code js8call.md} "Framing"). {@link #install} puts
 * Netty's delimiter decoder and line encoder into a pipeline, so the next handler reads and writes
 * {@code String}s without their terminator.
 *
 * <p>Either terminator ends a line on input, and empty lines are dropped, as LinBPQ and Pat read
 * VARA (a CR LF pair is then one line). A line longer than the limit fails with Netty's
 * {@link io.netty.handler.codec.TooLongFrameException} naming the limit, after its bytes up to the
 * next terminator are skipped, so the line after it is read normally.
 */
public final class LineFraming {

    /** What ends each line this station writes. */
    public enum Terminator {
        CR("\r"), LF("\n");

        private final String text;

        Terminator(String text) {
            this.text = text;
        }
    }

    private LineFraming() {
    }

    /**
     * Adds a line decoder ({@code lineDecoder}, {@code lineText}) and encoder ({@code lineEncoder})
     * to {@code pipeline}.
     *
     * @param maxLineBytes longest line accepted, without its terminator
     * @param charset      US-ASCII for VARA, UTF-8 for JS8Call
     */
    public static void install(ChannelPipeline pipeline, int maxLineBytes, Terminator terminator, Charset charset) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes < 1: " + maxLineBytes);
        }
        ByteBuf[] ends = {Unpooled.wrappedBuffer(new byte[] {'\r'}), Unpooled.wrappedBuffer(new byte[] {'\n'})};
        pipeline.addLast("lineDecoder", new DelimiterBasedFrameDecoder(maxLineBytes, true, false, ends));
        pipeline.addLast("lineText", new NonEmptyText(charset));
        pipeline.addLast("lineEncoder", new LineEncoder(new LineSeparator(terminator.text), charset));
    }

    /** Decodes each frame to text, dropping the empty ones a CR LF pair or a blank line leaves. */
    private static final class NonEmptyText extends MessageToMessageDecoder<ByteBuf> {
        private final Charset charset;

        NonEmptyText(Charset charset) {
            this.charset = charset;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
            if (line.isReadable()) {
                out.add(line.toString(charset));
            }
        }
    }
}
