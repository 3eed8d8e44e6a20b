package org.skywave.transport.kiss;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.SharedEventLoop;
import org.skywave.transport.support.TransportUris;

/**
 * KISS over TCP, as Direwolf serves it on its KISS port: {@code kiss-tcp://127.0.0.1:8001?callsign=K1ABC-7}.
 * Parameters: see {@link KissTransportConfig}. Links reconnect by themselves when Direwolf restarts.
 */
public final class KissTcpTransport implements Transport {

    public static final String SCHEME = "kiss-tcp";

    /** One thread is plenty: a few KISS connections at radio speeds. */
    private final SharedEventLoop loop = new SharedEventLoop(SCHEME, 1, "kiss-tcp", Duration.ofSeconds(2));

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
        TransportUris.requireScheme(uri, SCHEME);
        uri.requireHost();
        uri.requirePort();
        TransportUris.requireNoPath(uri, SCHEME);
        return KissTransportConfig.fromUri(uri, KissTransportConfig.Carrier.TCP);
    }

    @Override
    public Link open(LinkUri uri, LinkListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        KissTransportConfig config = config(uri);
        KissTcpCarrier carrier = new KissTcpCarrier(loop.get(), uri.requireHost(), uri.requirePort(),
                KissDeframer.DEFAULT_MAX_FRAME_BYTES);
        KissLink link = new KissLink(uri, config, listener, carrier);
        link.start();
        return link;
    }

    @Override
    public void shutdown() {
        loop.shutdown();
    }
}
