package org.skywave.transport.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/** {@code tcp-listen://host:port}: accepts any number of clients; UP while at least one is connected. */
final class TcpServerLink extends TcpLink implements TcpPeerHandler.Sink {

    /**
     * Hosts refused at once, at most. A station bans peers one at a time as they misbehave, so
     * this is far above what a listener meets; past it the refusal that ends soonest is dropped.
     */
    static final int MAX_REFUSED_HOSTS = 1024;

    private final EventLoopGroup group;
    private final ChannelGroup peers;
    /** Connections reported UP as sessions; the group forgets a channel as it closes, before peerDown runs. */
    private final Set<Channel> sessions = ConcurrentHashMap.newKeySet();
    /** Refused peers by literal IP address: a peer that reconnects comes from a new port, not a new address. */
    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();
    private volatile Channel serverChannel;
    private volatile String listening;

    TcpServerLink(LinkUri uri, TcpTransportConfig config, LinkListener listener, EventLoopGroup group,
                  Consumer<TcpLink> onClosed) {
        super(uri, config, listener, onClosed);
        this.group = group;
        this.peers = new DefaultChannelGroup(uri.toString(), group.next());
    }

    /** Binds the listening socket, waiting a bounded time, so that {@link #localPort()} is known on return. */
    void start() throws TransportException {
        TcpServerLink self = this;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (refuse(ch)) {
                            return;
                        }
                        TcpPeerHandler.install(ch.pipeline(), config(), self);
                    }
                });
        String where = new TcpAddress(config().host(), config().port()).toString();
        ChannelFuture bind = bootstrap.bind(config().host(), config().port());
        if (!bind.awaitUninterruptibly(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
            bind.channel().close();
            throw new TransportException("link " + uri() + ": binding " + where + " did not finish within " + CLOSE_WAIT_MS + " ms");
        }
        if (!bind.isSuccess()) {
            throw new TransportException("link " + uri() + ": cannot listen on " + where + ": "
                    + TcpClientLink.describe(bind.cause()), bind.cause());
        }
        serverChannel = bind.channel();
        listening = new TcpAddress(config().host(), localPort()).toString();
        changeState(LinkState.CONNECTING, "listening on " + listening + ", no peer yet");
    }

    @Override
    public void peerUp(Channel ch, TcpAddress peer) {
        if (isClosed()) {
            ch.close();
            return;
        }
        peers.add(ch);
        if (isClosed()) {
            ch.close(); // close() ran between the check above and the add: it did not see this peer
            return;
        }
        Refusal refusal = refusal(peer.host());
        if (refusal != null) {
            // Accepted just before its ban, added after drop() looked at the peers: drop it now.
            peers.remove(ch);
            TcpPeerHandler.close(ch, refusal.describe());
            return;
        }
        changeState(LinkState.UP, "peer " + peer + " connected");
        sessions.add(ch);
        reportSession(peer, SessionState.UP, "connected");
        changeWritability(allWritable());
    }

    @Override
    public void peerDown(Channel ch, TcpAddress peer, String reason) {
        peers.remove(ch);
        boolean wasSession = sessions.remove(ch);
        if (isClosed()) {
            return;
        }
        if (wasSession) {
            reportSession(peer, SessionState.DOWN, reason);
        }
        if (peers.isEmpty()) {
            changeState(LinkState.DOWN, "peer " + peer + " gone (" + reason + "); no peer connected, listening on " + listening);
        }
        changeWritability(allWritable());
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
        changeWritability(allWritable());
    }

    private boolean allWritable() {
        for (Channel ch : peers) {
            if (!ch.isWritable()) {
                return false;
            }
        }
        return true;
    }

    /** Writes to every connected client; succeeds if at least one took the frame (the others are being dropped). */
    @Override
    CompletableFuture<Void> write(byte[] frame) {
        if (peers.isEmpty()) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + " has no peer connected"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        peers.writeAndFlush(buffer(frame)).addListener((ChannelGroupFuture f) -> {
            int written = 0;
            Throwable failure = null;
            for (ChannelFuture each : f) {
                if (each.isSuccess()) {
                    written++;
                    frameWritten(frame.length);
                } else if (failure == null) {
                    failure = each.cause();
                }
            }
            if (written > 0) {
                done.complete(null);
            } else if (failure != null) {
                done.completeExceptionally(new TransportException("link " + uri() + ": writing to every peer failed: "
                        + TcpClientLink.describe(failure), failure));
            } else {
                done.completeExceptionally(new TransportException("link " + uri() + " has no peer connected"));
            }
        });
        return done;
    }

    @Override
    CompletableFuture<Void> writeTo(TcpAddress peer, byte[] frame) {
        for (Channel ch : peers) {
            if (TcpAddress.of(ch.remoteAddress()).equals(peer)) {
                return writeToChannel(ch, peer, frame);
            }
        }
        return CompletableFuture.failedFuture(new TransportException("link " + uri() + " has no connection from " + peer));
    }

    /** Closes every connection from {@code peer}'s address and refuses that address for {@code refuseFor}. */
    @Override
    boolean drop(TcpAddress peer, Duration refuseFor, String reason) {
        String host = peer.host();
        Refusal refusal = new Refusal(Ban.lasting(refuseFor, reason));
        refused.merge(host, refusal, (old, now) -> now.ban.endsAfter(old.ban) ? now : old);
        pruneRefusals();
        int closing = 0;
        for (Channel ch : peers) {
            if (TcpAddress.of(ch.remoteAddress()).host().equals(host)) {
                TcpPeerHandler.close(ch, refusal.describe());
                closing++;
            }
        }
        Logger.info("{}: closing {} connection(s) from {} and refusing it until {} ({})", uri(), closing, host, refusal.ban.until(), reason);
        return true;
    }

    /**
     * Closes a connection from a refused address as soon as it is accepted, before any handler
     * of ours sees it; counts and logs it (the first per refusal, the rest at debug level).
     */
    private boolean refuse(Channel ch) {
        String host = TcpAddress.of(ch.remoteAddress()).host();
        Refusal refusal = refusal(host);
        if (refusal == null) {
            return false;
        }
        connectionRefused();
        long times = refusal.connections.incrementAndGet();
        if (times == 1) {
            Logger.info("{}: refused a connection from {}: {}", uri(), host, refusal.describe());
        } else {
            Logger.debug("{}: refused connection {} from {}: {}", uri(), times, host, refusal.describe());
        }
        ch.close();
        return true;
    }

    /** The refusal of {@code host} in force now, or null; one that ran out is removed here. */
    private Refusal refusal(String host) {
        Refusal refusal = refused.get(host);
        if (refusal == null) {
            return null;
        }
        if (refusal.ban.over()) {
            if (refused.remove(host, refusal)) {
                Logger.info("{}: refusal of {} over ({} connection(s) refused); accepting it again", uri(), host, refusal.connections);
            }
            return null;
        }
        return refusal;
    }

    private void pruneRefusals() {
        refused.values().removeIf(r -> r.ban.over());
        while (refused.size() > MAX_REFUSED_HOSTS) {
            refused.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().ban.nanosLeft()))
                    .ifPresent(e -> {
                        if (refused.remove(e.getKey(), e.getValue())) {
                            Logger.warn("{}: more than {} hosts refused; accepting {} again early", uri(), MAX_REFUSED_HOSTS, e.getKey());
                        }
                    });
        }
    }

    /** One refused address: until when (monotonic, and as wall time for people), why, and how often it came back. */
    /** A ban of an address, and the connections it refused. */
    private static final class Refusal {
        final Ban ban;
        final AtomicLong connections = new AtomicLong();

        Refusal(Ban ban) {
            this.ban = ban;
        }

        String describe() {
            return ban.describe();
        }
    }

    @Override
    void closeChannels() {
        closeAndWait(serverChannel);
        var closing = peers.close();
        if (!onEventLoop(group)) {
            closing.awaitUninterruptibly(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public int localPort() {
        Channel ch = serverChannel;
        return ch != null && ch.localAddress() instanceof InetSocketAddress local ? local.getPort() : -1;
    }

    @Override
    public int peerCount() {
        return peers.size();
    }
}
