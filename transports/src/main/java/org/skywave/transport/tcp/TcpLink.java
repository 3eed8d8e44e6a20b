package org.skywave.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.LinkBase;
import org.tinylog.Logger;

/**
 * A TCP link: a client that dials and redials one server ({@code tcp://}), or a listener that
 * accepts any number of clients ({@code tcp-listen://}). Each connection is a session with its
 * peer, reported up and down; {@link #send} writes to one connection, {@link #broadcast} to all.
 * Opened by {@link TcpTransport}.
 *
 * <p>Listener callbacks run on the link's Netty event loop; a listener with several clients may
 * be called for different clients from different event-loop threads.
 */
public abstract sealed class TcpLink extends LinkBase permits TcpClientLink, TcpServerLink {

    /**
     * Writability thresholds of each socket: above the high mark the link reports itself not
     * writable until the backlog drains below the low mark. A few ordinary frames' worth, so a
     * slow peer costs little memory.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    /** Bound on waiting for a socket to close or bind; closing is local and quick. */
    static final long CLOSE_WAIT_MS = 5_000;

    private final TcpTransportConfig config;
    private final Consumer<TcpLink> onClosed;
    private final AtomicLong refusedConnections = new AtomicLong();
    private volatile boolean closed;

    TcpLink(LinkUri uri, TcpTransportConfig config, LinkListener listener, Consumer<TcpLink> onClosed) {
        super(uri, LinkProfiles.TCP.withMtu(config.maxFrame()), listener, true, Runnable::run);
        this.config = Objects.requireNonNull(config, "config");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    public final TcpTransportConfig config() {
        return config;
    }

    /**
     * The local port: the bound port of a listener (useful after {@code tcp-listen://host:0}),
     * the local port of a client's current connection, or -1 if it has none.
     */
    public abstract int localPort();

    /** Connected peers: 0 or 1 for a client, any number for a listener. */
    public abstract int peerCount();

    /**
     * Closes the connections of {@code peer} and refuses it for {@code refuseFor}: a listener
     * closes every connection from the peer's IP address and closes new ones from it as soon as
     * they are accepted (by address, as a reconnecting peer comes from a new port); a client
     * closes its connection and does not redial before the time is up. Returns false for an
     * address that is not TCP or not this client's server, and once the link is closed.
     */
    @Override
    public final boolean disconnect(LinkAddress peer, Duration refuseFor, String reason) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(refuseFor, "refuseFor");
        Objects.requireNonNull(reason, "reason");
        if (refuseFor.isNegative()) {
            throw new IllegalArgumentException("refuseFor is negative: " + refuseFor);
        }
        if (closed || !(peer instanceof TcpAddress tcp)) {
            return false;
        }
        return drop(tcp, refuseFor, reason);
    }

    /** Closes and refuses {@code peer} (arguments checked); false if it is not a peer of this link. */
    abstract boolean drop(TcpAddress peer, Duration refuseFor, String reason);

    /** Connections closed as soon as they were accepted, because their peer was refused; 0 for a client. */
    public final long refusedConnections() {
        return refusedConnections.get();
    }

    final long connectionRefused() {
        return refusedConnections.incrementAndGet();
    }

    /** To every connected peer: the server of a client, every client of a listener. */
    @Override
    public final CompletableFuture<Void> broadcast(byte[] frame) {
        checkFrame(frame);
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + " is closed"));
        }
        return write(frame.clone());
    }

    /**
     * To the connection with {@code to} (host and port as {@link InboundFrame#from()} gave it);
     * fails if there is none, since a TCP link has a session only with a connected peer.
     */
    @Override
    public final CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
        Objects.requireNonNull(to, "to");
        checkFrame(frame);
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + " is closed"));
        }
        if (!(to instanceof TcpAddress peer)) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + " sends to host:port, not to " + to));
        }
        return writeTo(peer, frame.clone());
    }

    /** Every TCP connection is a session with its peer. */
    @Override
    public final boolean hasSessions() {
        return true;
    }

    /** {@code host:port}, as {@link TcpAddress#parse} reads it. */
    @Override
    public final LinkAddress peerAddress(String text) {
        return TcpAddress.parse(text);
    }

    /** Writes {@code frame} (already checked and copied) to the connected peer(s). */
    abstract CompletableFuture<Void> write(byte[] frame);

    /** Writes {@code frame} (already checked and copied) to the connection with {@code peer}; fails if there is none. */
    abstract CompletableFuture<Void> writeTo(TcpAddress peer, byte[] frame);

    /** Writes to one channel; the future fails with what went wrong. */
    final CompletableFuture<Void> writeToChannel(Channel ch, TcpAddress peer, byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ch.writeAndFlush(buffer(frame)).addListener((io.netty.channel.ChannelFuture f) -> {
            if (f.isSuccess()) {
                frameWritten(frame.length);
                done.complete(null);
            } else {
                done.completeExceptionally(new TransportException("writing to " + peer + " failed: "
                        + TcpClientLink.describe(f.cause()), f.cause()));
            }
        });
        return done;
    }

    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeChannels();
        changeState(LinkState.CLOSED, "closed");
        onClosed.accept(this);
    }

    /** Stops reconnects and closes every socket of the link. */
    abstract void closeChannels();

    final boolean isClosed() {
        return closed;
    }

    final void received(TcpAddress from, byte[] payload) {
        stats().frameReceived(payload.length);
        deliver(from, payload);
    }

    final void reportMalformed(TcpAddress peer, FrameTooLongException error) {
        stats().malformedFrame();
        Logger.warn("{}: {} from {}; closing that peer", uri(), error.getMessage(), peer);
    }

    final void frameWritten(int payloadBytes) {
        stats().frameSent(payloadBytes, profile().frameOverhead());
    }

    static ByteBuf buffer(byte[] frame) {
        return Unpooled.wrappedBuffer(frame);
    }

    /** Closes {@code channel}, waiting a bounded time unless called from its own event loop (which would deadlock). */
    static void closeAndWait(Channel channel) {
        if (channel == null) {
            return;
        }
        var future = channel.close();
        if (!channel.eventLoop().inEventLoop()) {
            future.awaitUninterruptibly(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** True on any thread of {@code group}, where waiting for a channel of the group could deadlock. */
    static boolean onEventLoop(EventLoopGroup group) {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

}
