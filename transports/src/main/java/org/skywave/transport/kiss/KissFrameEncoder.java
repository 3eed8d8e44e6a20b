package org.skywave.transport.kiss;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Netty adapter over {@link KissFramer}: writes {@link KissFrame}s as escaped KISS bytes. Stateless. */
@ChannelHandler.Sharable
public final class KissFrameEncoder extends MessageToByteEncoder<KissFrame> {

    public static final KissFrameEncoder INSTANCE = new KissFrameEncoder();

    private KissFrameEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, KissFrame frame, ByteBuf out) {
        out.writeBytes(KissFramer.encode(frame));
    }
}
