package org.skywave.transport.kiss;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;

/**
 * KISS over TCP, as Direwolf serves it on its KISS port: {@code kiss-tcp://127.0.0.1:8001?callsign=K1ABC-7}.
 * Parameters: see {@link KissTransportConfig}. Links reconnect by themselves when Direwolf restarts.
 */
public final class KissTcpTransport implements Transport {

    public static final String SCHEME = "kiss-tcp";

    private EventLoopGroup group;
    private boolean shutdown;

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public boolean isRadio() {
        return true;
    }

    @Override
    public void validate(LinkUri uri) throws LinkUriException {
        config(uri);
    }

    private static KissTransportConfig config(LinkUri uri) throws LinkUriException {
        if (!SCHEME.equals(uri.scheme())) {
            throw new LinkUriException("link URI '" + uri + "': scheme must be " + SCHEME);
        }
        uri.requireHost();
        uri.requirePort();
        if (uri.path() != null && !uri.path().equals("/")) {
            throw new LinkUriException("link URI '" + uri + "': a " + SCHEME + " URI has no path (got '" + uri.path()
                    + "'); write " + SCHEME + "://HOST:PORT?callsign=...");
        }
        return KissTransportConfig.fromUri(uri, KissTransportConfig.Carrier.TCP);
    }

    @Override
    public Link open(LinkUri uri, LinkListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        KissTransportConfig config = config(uri);
        KissTcpCarrier carrier = new KissTcpCarrier(group(), uri.requireHost(), uri.requirePort(),
                KissDeframer.DEFAULT_MAX_FRAME_BYTES);
        KissLink link = new KissLink(uri, config, listener, carrier);
        link.start();
        return link;
    }

    private synchronized EventLoopGroup group() throws TransportException {
        if (shutdown) {
            throw new TransportException(SCHEME + " transport is shut down");
        }
        if (group == null) {
            // One thread is plenty: a few KISS connections at radio speeds.
            group = new NioEventLoopGroup(1, new DefaultThreadFactory("kiss-tcp", true));
        }
        return group;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            group = null;
        }
    }
}
