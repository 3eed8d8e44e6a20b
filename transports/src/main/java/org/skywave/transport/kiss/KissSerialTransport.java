package org.skywave.transport.kiss;

import java.util.Objects;
import java.util.Set;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.TransportUris;

/**
 * KISS over a serial line: {@code kiss-serial:///dev/ttyUSB0?baud=9600&callsign=K1ABC-7}, or better
 * a stable {@code /dev/serial/by-id/...} path or the udev symlink of
 * {@code firmware-config/udev/99-skywave-tnc.rules}. Parameters: see {@link KissTransportConfig}.
 * The link survives the TNC being unplugged: DOWN, then UP again once the path opens.
 */
public final class KissSerialTransport implements Transport {

    public static final String SCHEME = "kiss-serial";

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
        if (uri.host() != null && !uri.host().isEmpty()) {
            throw new LinkUriException("link URI '" + uri + "': a serial device has no host; write "
                    + SCHEME + ":///dev/ttyUSB0 (three slashes)");
        }
        uri.requirePath(SCHEME + ":///dev/ttyUSB0?baud=9600");
        return KissTransportConfig.fromUri(uri, KissTransportConfig.Carrier.SERIAL);
    }

    @Override
    public Link open(LinkUri uri, LinkListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        KissTransportConfig config = config(uri);
        KissSerialCarrier carrier = new KissSerialCarrier(uri.path(), config.baud(), KissDeframer.DEFAULT_MAX_FRAME_BYTES);
        KissLink link = new KissLink(uri, config, listener, carrier);
        link.start();
        return link;
    }
}
