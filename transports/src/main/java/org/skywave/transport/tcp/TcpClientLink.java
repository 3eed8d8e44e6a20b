package org.skywave.transport.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.Backoff;
import org.tinylog.Logger;

/**
 * {@code tcp://host:port}: dials one server and redials it, with backoff, whenever the connection
 * is lost; not before the end of a ban, if the station {@linkplain #disconnect banned} the server.
 */
final class TcpClientLink extends TcpLink implements TcpPeerHandler.Sink {

    /** Give up one dial after this long and count it as a failed attempt. */
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Bootstrap bootstrap;
    private final EventLoopGroup group;
    private final Backoff backoff;
    private final String target;
    private volatile Channel channel;
    /** Literal address of the server of the current or last connection: the peer frames came from. */
    private volatile String peerHost;
    private ScheduledFuture<?> pendingReconnect;
    /** The ban of the server in force, or null; guarded by this. */
    private Ban ban;

    TcpClientLink(LinkUri uri, TcpTransportConfig config, LinkListener listener, EventLoopGroup group, Random jitter,
                  Consumer<TcpLink> onClosed) {
        super(uri, config, listener, onClosed);
        this.group = group;
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax(), Backoff.Jitter.FULL, jitter);
        this.target = new TcpAddress(config.host(), config.port()).toString();
        TcpClientLink self = this;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        TcpPeerHandler.install(ch.pipeline(), config, self);
                    }
                });
    }

    void start() {
        changeState(LinkState.CONNECTING, "dialling " + target);
        connect();
    }

    private void connect() {
        if (isClosed()) {
            return;
        }
        synchronized (this) {
            if (ban != null) {
                if (!ban.over()) {
                    scheduleReconnect("dial skipped");
                    return;
                }
                changeState(LinkState.CONNECTING, "ban of " + target + " over; dialling it again");
                ban = null;
            }
        }
        bootstrap.connect(config().host(), config().port()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                scheduleReconnect("connecting to " + target + " failed: " + describe(f.cause()));
            } else if (isClosed()) {
                f.channel().close();
            }
        });
    }

    private synchronized void scheduleReconnect(String reason) {
        if (isClosed()) {
            return;
        }
        if (ban != null && !ban.over()) {
            // One redial chain at a time: this one now waits for the end of the ban, not the backoff.
            long left = ban.nanosLeft();
            changeState(LinkState.DOWN, ban.describe() + "; redialling " + target + " then");
            Logger.debug("{}: {}; {}, redialling in {} ms", uri(), reason, ban.describe(), TimeUnit.NANOSECONDS.toMillis(left));
            pendingReconnect = group.schedule(this::connect, left, TimeUnit.NANOSECONDS);
            return;
        }
        long delay = backoff.next().toMillis();
        changeState(LinkState.CONNECTING, reason + "; redialling in " + delay + " ms");
        Logger.debug("{}: {}; redialling in {} ms", uri(), reason, delay);
        pendingReconnect = group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void peerUp(Channel ch, TcpAddress peer) {
        if (isClosed()) {
            ch.close();
            return;
        }
        Ban inForce;
        synchronized (this) {
            inForce = ban != null && !ban.over() ? ban : null;
        }
        if (inForce != null) {
            // A dial that was under way when the ban came: hang up at once.
            TcpPeerHandler.close(ch, inForce.describe());
            return;
        }
        channel = ch;
        peerHost = peer.host();
        synchronized (this) {
            backoff.reset();
        }
        changeState(LinkState.UP, "connected to " + peer);
        reportSession(peer, SessionState.UP, "connected");
        changeWritability(ch.isWritable());
    }

    @Override
    public void peerDown(Channel ch, TcpAddress peer, String reason) {
        boolean wasUp = channel == ch;
        if (wasUp) {
            channel = null;
        }
        if (isClosed()) {
            return;
        }
        changeState(LinkState.DOWN, "lost " + peer + ": " + reason);
        if (wasUp) {
            reportSession(peer, SessionState.DOWN, reason);
        }
        changeWritability(true);
        scheduleReconnect("connection to " + peer + " lost");
    }

    @Override
    public void frame(TcpAddress peer, byte[] payload) {
        received(peer, payload);
    }

    @Override
    public void malformed(TcpAddress peer, FrameTooLongException error) {
        reportMalformed(peer, error);
    }

    @Override
    public void writabilityChanged(Channel ch) {
        if (ch == channel) {
            changeWritability(ch.isWritable());
        }
    }

    @Override
    CompletableFuture<Void> write(byte[] frame) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + " is not connected (" + state() + ")"));
        }
        return writeToChannel(ch, TcpAddress.of(ch.remoteAddress()), frame);
    }

    @Override
    CompletableFuture<Void> writeTo(TcpAddress peer, byte[] frame) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || !TcpAddress.of(ch.remoteAddress()).equals(peer)) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + " has no connection with " + peer
                    + " (" + state() + (ch == null ? "" : ", connected to " + TcpAddress.of(ch.remoteAddress())) + ")"));
        }
        return writeToChannel(ch, peer, frame);
    }

    /**
     * Hangs up on the server and redials it only after {@code refuseFor}; false if {@code peer}
     * is not this link's server (neither the address of its connection nor the configured host).
     */
    @Override
    boolean drop(TcpAddress peer, Duration refuseFor, String reason) {
        String host = peer.host();
        if (!host.equals(peerHost) && !host.equals(config().host())) {
            return false;
        }
        Ban newBan = Ban.lasting(refuseFor, reason);
        synchronized (this) {
            if (ban == null || newBan.endsAfter(ban)) {
                ban = newBan;
            }
            if (pendingReconnect != null && pendingReconnect.cancel(false)) {
                // Between connections, waiting to redial: wait for the end of the ban instead.
                scheduleReconnect("banned while waiting to redial");
            }
        }
        Logger.info("{}: hanging up on {}, no redial before {} ({})", uri(), target, newBan.until(), reason);
        Channel ch = channel;
        if (ch != null) {
            TcpPeerHandler.close(ch, newBan.describe());
        }
        return true;
    }


    @Override
    void closeChannels() {
        synchronized (this) {
            if (pendingReconnect != null) {
                pendingReconnect.cancel(false);
            }
        }
        closeAndWait(channel);
    }

    @Override
    public int localPort() {
        Channel ch = channel;
        return ch != null && ch.localAddress() instanceof InetSocketAddress local ? local.getPort() : -1;
    }

    @Override
    public int peerCount() {
        Channel ch = channel;
        return ch != null && ch.isActive() ? 1 : 0;
    }

    static String describe(Throwable cause) {
        return cause == null ? "unknown cause" : cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
