package org.skywave.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;
import org.skywave.transport.FrameTooLongException;

/**
 * Splits a TCP stream into frames: a 4-byte big-endian unsigned length, then that many payload
 * bytes; emits the payload (empty for a keep-alive). One per connection.
 *
 * <p>A length over the limit cannot be skipped safely (whatever follows may be garbage), so the
 * decoder raises a {@link DecoderException} whose cause is a {@link FrameTooLongException} naming
 * limit and actual, and from then on discards everything until the channel closes.
 */
final class LengthPrefixFrameDecoder extends LengthFieldBasedFrameDecoder {

    /** Bytes of the length field in front of every frame. */
    static final int LENGTH_FIELD_BYTES = 4;

    private final int maxPayload;
    private boolean failed;

    LengthPrefixFrameDecoder(int maxPayload) {
        super(ByteOrder.BIG_ENDIAN, maxPayload + LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES, true);
        this.maxPayload = maxPayload;
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
        long frameLength = buf.getUnsignedInt(offset);
        if (frameLength > maxPayload) {
            failed = true;
            buf.skipBytes(buf.readableBytes());
            throw new DecoderException(new FrameTooLongException(
                    "TCP frame length " + frameLength + " exceeds maxframe " + maxPayload + " bytes"));
        }
        return frameLength;
    }
}
