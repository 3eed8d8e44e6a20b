package org.skywave.bridge.node.bitcoin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link BitcoinMessage}s with the 24-byte header of one network; stateless and shareable. */
@Sharable
public final class BitcoinFrameEncoder extends MessageToByteEncoder<BitcoinMessage> {

    private final int magic;

    public BitcoinFrameEncoder(int magic) {
        super(BitcoinMessage.class);
        this.magic = magic;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BitcoinMessage message, ByteBuf out) {
        out.ensureWritable(BitcoinMessageCodec.HEADER_LENGTH + message.payloadLength());
        BitcoinMessageCodec.encode(magic, message, out);
    }
}
