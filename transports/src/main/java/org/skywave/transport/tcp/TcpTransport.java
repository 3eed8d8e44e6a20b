package org.skywave.transport.tcp;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.SharedEventLoop;

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
    private final SharedEventLoop loop =
            new SharedEventLoop("TCP", EVENT_LOOP_THREADS, "skywave-tcp", Duration.ofMillis(SHUTDOWN_TIMEOUT_MS));

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
        EventLoopGroup loops = loop.get();
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

    /** Closes every open link, then stops the event loops (bounded wait). Idempotent. */
    @Override
    public void shutdown() {
        loop.shutdown(() -> {
            for (TcpLink link : new ArrayList<>(links)) {
                link.close();
            }
        });
    }

    @Override
    public String toString() {
        return "TcpTransport" + schemes();
    }
}
