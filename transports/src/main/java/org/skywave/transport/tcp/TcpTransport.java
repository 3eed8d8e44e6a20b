package org.skywave.transport.tcp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * Opens TCP links, {@code tcp://host:port} (client) and {@code tcp-listen://host:port}
 * (server), on one Netty event-loop group shared by all of them and released by {@link #shutdown()}.
 *
 * <p>Parameters: {@code maxframe} (bytes, 16..16777216, default 65536), {@code keepalive}
 * (seconds, 0 = off, default 30), and for clients {@code reconnect-min} / {@code reconnect-max}
 * (ms, defaults 500 / 30000).
 */
public final class TcpTransport implements Transport {

    /** A Pi runs a handful of TCP links; two loops keep one slow peer from stalling the rest. */
    static final int EVENT_LOOP_THREADS = 2;
    /** Graceful shutdown: no quiet period, bounded wait. */
    static final long SHUTDOWN_TIMEOUT_MS = 3_000;

    private final Random jitter;
    private final Set<TcpLink> links = ConcurrentHashMap.newKeySet();
    private EventLoopGroup group;
    private boolean shutDown;

    /** Reconnect jitter from an unseeded source, so that stations do not redial in step. */
    public TcpTransport() {
        this(new Random());
    }

    /** @param jitter source of the reconnect jitter; seed it for reproducible tests */
    public TcpTransport(Random jitter) {
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    @Override
    public Set<String> schemes() {
        return Set.of(TcpTransportConfig.SCHEME_CONNECT, TcpTransportConfig.SCHEME_LISTEN);
    }

    @Override
    public boolean isRadio() {
        return false;
    }

    @Override
    public void validate(LinkUri uri) throws LinkUriException {
        TcpTransportConfig.from(uri);
    }

    /** Opens a link; for {@code tcp-listen} the socket is bound when this returns (see {@link TcpLink#localPort()}). */
    @Override
    public TcpLink open(LinkUri uri, LinkListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        TcpTransportConfig config = TcpTransportConfig.from(uri);
        EventLoopGroup loops = group();
        if (config.listen()) {
            TcpServerLink link = new TcpServerLink(uri, config, listener, loops, links::remove);
            links.add(link);
            try {
                link.start();
            } catch (TransportException | RuntimeException e) {
                link.close();
                throw e;
            }
            return link;
        }
        TcpClientLink link = new TcpClientLink(uri, config, listener, loops, jitter, links::remove);
        links.add(link);
        link.start();
        return link;
    }

    private synchronized EventLoopGroup group() throws TransportException {
        if (shutDown) {
            throw new TransportException("TCP transport is shut down");
        }
        if (group == null) {
            group = new NioEventLoopGroup(EVENT_LOOP_THREADS, new DefaultThreadFactory("skywave-tcp", true));
        }
        return group;
    }

    /** Closes every open link, then stops the event loops (bounded wait). Idempotent. */
    @Override
    public void shutdown() {
        EventLoopGroup loops;
        synchronized (this) {
            if (shutDown) {
                return;
            }
            shutDown = true;
            loops = group;
        }
        for (TcpLink link : new ArrayList<>(links)) {
            link.close();
        }
        if (loops != null && !loops.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS)) {
            Logger.warn("TCP event loops did not stop within {} ms", SHUTDOWN_TIMEOUT_MS + 1_000);
        }
    }

    @Override
    public String toString() {
        return "TcpTransport" + schemes();
    }
}
