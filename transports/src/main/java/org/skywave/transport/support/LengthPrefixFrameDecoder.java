package org.skywave.transport.support;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.nio.ByteOrder;
import org.skywave.transport.FrameTooLongException;

/**
 * Splits a byte stream into frames: a big-endian unsigned length of 2 or 4 bytes, then that many
 * payload bytes; emits the payload (empty for a zero length). Skywave's TCP links use 4 bytes;
 * a modem's data port (VARA) carries Skywave frames with 2 ({@code docs/PROTOCOL.md}). One per
 * connection; {@link #install} adds it with the matching encoder.
 *
 * <p>A length over the limit cannot be skipped safely (whatever follows may be garbage), so the
 * decoder raises a {@link DecoderException} whose cause is a {@link FrameTooLongException} naming
 * limit and actual, and from then on discards everything until the channel closes.
 */
public final class LengthPrefixFrameDecoder extends LengthFieldBasedFrameDecoder {

    private final int lengthFieldBytes;
    private final int maxPayload;
    private final String what;
    private boolean failed;

    /**
     * @param lengthFieldBytes 2 or 4
     * @param maxPayload       the largest payload accepted, at most what the length field can say
     * @param what             what a frame is called in the error, e.g. {@code "TCP frame"}
     */
    public LengthPrefixFrameDecoder(int lengthFieldBytes, int maxPayload, String what) {
        super(ByteOrder.BIG_ENDIAN, maxPayload + lengthFieldBytes, 0, checkField(lengthFieldBytes, maxPayload), 0,
                lengthFieldBytes, true);
        this.lengthFieldBytes = lengthFieldBytes;
        this.maxPayload = maxPayload;
        this.what = what;
    }

    /** Adds this decoder and its encoder to {@code pipeline} under the names {@code frameDecoder} and {@code framePrepender}. */
    public static void install(ChannelPipeline pipeline, int lengthFieldBytes, int maxPayload, String what) {
        pipeline.addLast("frameDecoder", new LengthPrefixFrameDecoder(lengthFieldBytes, maxPayload, what));
        pipeline.addLast("framePrepender", new LengthFieldPrepender(lengthFieldBytes));
    }

    private static int checkField(int lengthFieldBytes, int maxPayload) {
        if (lengthFieldBytes != 2 && lengthFieldBytes != 4) {
            throw new IllegalArgumentException("length field of " + lengthFieldBytes + " bytes; 2 or 4 supported");
        }
        long largest = lengthFieldBytes == 2 ? 0xFFFF : Integer.MAX_VALUE - 4;
        if (maxPayload < 1 || maxPayload > largest) {
            throw new IllegalArgumentException("maxPayload " + maxPayload + " outside 1.." + largest + " for a "
                    + lengthFieldBytes + "-byte length");
        }
        return lengthFieldBytes;
    }

    public int lengthFieldBytes() {
        return lengthFieldBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        return super.decode(ctx, in);
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long frameLength = length == 2 ? buf.getUnsignedShort(offset) : buf.getUnsignedInt(offset);
        if (frameLength > maxPayload) {
            failed = true;
            buf.skipBytes(buf.readableBytes());
            throw new DecoderException(new FrameTooLongException(
                    what + " length " + frameLength + " exceeds maxframe " + maxPayload + " bytes"));
        }
        return frameLength;
    }
}
