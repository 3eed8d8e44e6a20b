package org.skywave.transport.support;

import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/** The checks of a link URI that several transports make the same way, with the same error text. */
public final class TransportUris {

    private TransportUris() {
    }

    /** Fails unless {@code uri} has the scheme {@code scheme}. */
    public static void requireScheme(LinkUri uri, String scheme) throws LinkUriException {
        if (!scheme.equals(uri.scheme())) {
            throw new LinkUriException("link URI '" + uri + "': scheme must be " + scheme);
        }
    }

    /** Fails if {@code uri}, a {@code scheme://HOST:PORT?callsign=...} URI, has a path. */
    public static void requireNoPath(LinkUri uri, String scheme) throws LinkUriException {
        if (uri.path() != null && !uri.path().equals("/")) {
            throw new LinkUriException("link URI '" + uri + "': a " + scheme + " URI has no path (got '" + uri.path()
                    + "'); write " + scheme + "://HOST:PORT?callsign=...");
        }
    }
}
