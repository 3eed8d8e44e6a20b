package org.skywave.transport.js8call;

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
 * JS8Call through its TCP JSON API: {@code js8call://127.0.0.1:2442?callsign=K1ABC&speed=turbo&peer=K2XYZ}.
 * Parameters: see {@link Js8CallTransportConfig}. Links reconnect by themselves when JS8Call restarts.
 */
public final class Js8CallTransport implements Transport {

    public static final String SCHEME = "js8call";

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

    private static Js8CallTransportConfig config(LinkUri uri) throws LinkUriException {
        TransportUris.requireScheme(uri, SCHEME);
        TransportUris.requireNoPath(uri, SCHEME);
        return Js8CallTransportConfig.fromUri(uri);
    }

    @Override
    public Link open(LinkUri uri, LinkListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        Js8CallLink link = new Js8CallLink(uri, config(uri), listener);
        link.start();
        return link;
    }
}
