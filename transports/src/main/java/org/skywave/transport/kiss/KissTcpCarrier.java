package org.skywave.transport.kiss;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.Backoff;
import org.tinylog.Logger;

/**
 * KISS over TCP to Direwolf's KISS port (kiss-ax25.md section 5). Dials, and after a refusal or
 * a lost connection (Direwolf restarted) dials again with a growing delay.
 */
final class KissTcpCarrier implements KissCarrier {

    /** First retry soon, as a restarted Direwolf listens again within a second or two. */
    static final long INITIAL_RETRY_MILLIS = 250;
    static final long MAX_RETRY_MILLIS = 5_000;
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final EventLoopGroup group;
    private final String host;
    private final int port;
    private final int maxFrameBytes;
    private volatile Events events;
    private volatile Channel channel;
    private volatile boolean closed;
    private final Backoff redial = new Backoff(Duration.ofMillis(INITIAL_RETRY_MILLIS), Duration.ofMillis(MAX_RETRY_MILLIS),
            Backoff.Jitter.NONE, null);
    private boolean reportedDown;

    KissTcpCarrier(EventLoopGroup group, String host, int port, int maxFrameBytes) {
        this.group = group;
        this.host = host;
        this.port = port;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String describe() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public void start(Events events) {
        this.events = events;
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new KissFrameDecoder(maxFrameBytes, describe()),
                                KissFrameEncoder.INSTANCE, new Handler());
                    }
                });
        bootstrap.connect(host, port).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                lost("cannot connect to the TNC at " + describe() + ": " + f.cause().getMessage());
            } else if (closed) {
                f.channel().close();
            }
        });
    }

    private synchronized void lost(String reason) {
        channel = null;
        if (closed) {
            return;
        }
        // One DOWN report per outage, not one per failed attempt.
        if (!reportedDown) {
            reportedDown = true;
            events.disconnected(reason + "; retrying");
        } else {
            Logger.debug("{}", reason);
        }
        group.schedule(this::connect, redial.next().toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Handler extends SimpleChannelInboundHandler<KissFrame> {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            synchronized (KissTcpCarrier.this) {
                if (closed) {
                    ctx.close();
                    return;
                }
                channel = ctx.channel();
                redial.reset();
                reportedDown = false;
            }
            events.connected("connected to the TNC at " + describe());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, KissFrame frame) {
            events.frame(frame);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            lost("connection to the TNC at " + describe() + " closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof DecoderException && cause.getCause() instanceof MalformedFrameException malformed) {
                events.malformed(malformed); // the decoder has moved on; the connection stays
            } else {
                Logger.warn("{}: {}; closing the connection", describe(), cause.toString());
                ctx.close();
            }
        }
    }

    @Override
    public CompletableFuture<Void> write(KissFrame frame) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            result.completeExceptionally(new TransportException("not connected to the TNC at " + describe()));
            return result;
        }
        ch.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(new TransportException("write to the TNC at " + describe() + " failed", f.cause()));
            }
        });
        return result;
    }

    @Override
    public void close() {
        Channel ch;
        synchronized (this) {
            closed = true;
            ch = channel;
            channel = null;
        }
        if (ch != null) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
