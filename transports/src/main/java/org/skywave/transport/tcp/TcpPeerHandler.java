package org.skywave.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.support.LengthPrefixFrameDecoder;

/**
 * The last handler of a TCP peer's pipeline: hands whole frames to its {@link Sink}, answers
 * write idleness with a keep-alive, drops a silent peer, and closes the peer on bad framing.
 * One per connection.
 */
final class TcpPeerHandler extends ChannelInboundHandlerAdapter {

    /** What a link does with the events of one peer connection; called on that channel's event loop. */
    interface Sink {
        void peerUp(Channel channel, TcpAddress peer);

        void peerDown(Channel channel, TcpAddress peer, String reason);

        void frame(TcpAddress peer, byte[] payload);

        /** The peer sent a frame longer than allowed and is being closed. */
        void malformed(TcpAddress peer, FrameTooLongException error);

        void writabilityChanged(Channel channel);
    }

    /** Bytes of the length field in front of every frame (docs/PROTOCOL.md, TCP links). */
    static final int LENGTH_FIELD_BYTES = 4;

    private final Sink sink;
    private TcpAddress peer;
    private String closeReason = "connection closed by the peer";

    TcpPeerHandler(Sink sink) {
        this.sink = sink;
    }

    /** Builds the pipeline of one peer connection: idle timers, framing, then this handler. */
    static void install(ChannelPipeline pipeline, TcpTransportConfig config, Sink sink) {
        if (config.keepaliveEnabled()) {
            long keepaliveMs = config.keepalive().toMillis();
            pipeline.addLast("idle", new IdleStateHandler(config.silenceLimit().toMillis(), keepaliveMs, 0, TimeUnit.MILLISECONDS));
        }
        LengthPrefixFrameDecoder.install(pipeline, LENGTH_FIELD_BYTES, config.maxFrame(), "TCP frame");
        pipeline.addLast("peer", new TcpPeerHandler(sink));
    }

    /**
     * Closes {@code channel} on its event loop, so after every write already queued to it, and
     * reports {@code reason} as why the peer went.
     */
    static void close(Channel channel, String reason) {
        channel.eventLoop().execute(() -> {
            TcpPeerHandler handler = channel.pipeline().get(TcpPeerHandler.class);
            if (handler != null) {
                handler.closeReason = reason;
            }
            channel.close();
        });
    }

    private TcpAddress peer(ChannelHandlerContext ctx) {
        if (peer == null) {
            peer = TcpAddress.of(ctx.channel().remoteAddress());
        }
        return peer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sink.peerUp(ctx.channel(), peer(ctx));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        sink.peerDown(ctx.channel(), peer(ctx), closeReason);
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf buf = (ByteBuf) msg;
            // A zero-length frame is a keep-alive: it has done its job by arriving.
            if (buf.isReadable()) {
                sink.frame(peer(ctx), ByteBufUtil.getBytes(buf));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        sink.writabilityChanged(ctx.channel());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            } else if (idle.state() == IdleState.READER_IDLE) {
                closeReason = "peer silent for longer than the keep-alive allows";
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The boundary: whatever went wrong with this peer ends this peer, never the link.
        if (cause instanceof DecoderException && cause.getCause() instanceof FrameTooLongException tooLong) {
            closeReason = tooLong.getMessage();
            sink.malformed(peer(ctx), tooLong);
        } else {
            closeReason = "connection failed: " + cause;
        }
        ctx.close();
    }
}
