package org.skywave.transport;

import java.util.Set;

/**
 * Opens links of one kind. A transport is named by the URI schemes it serves
 * ({@code tcp}, {@code sim}, {@code kiss-tcp}, ...), in the manner of Pat's dial URLs.
 */
public interface Transport {

    /** The URI schemes this transport opens, e.g. {@code tcp} and {@code tcp-listen}. */
    Set<String> schemes();

    /**
     * True if links of this transport key a radio transmitter (or simulate one): such links need
     * the operator's licensed callsign and must never carry encryption.
     */
    boolean isRadio();

    /**
     * Checks {@code uri} (scheme, host, port, parameters) without opening anything, so that
     * {@code skywave check-config} reports a bad link before the daemon starts.
     *
     * @throws LinkUriException naming the URI, the parameter and what is wrong with it
     */
    void validate(LinkUri uri) throws LinkUriException;

    /**
     * Opens a link for {@code uri}. The link starts connecting at once and reports its
     * state to {@code listener}; it need not be up when this returns.
     *
     * @throws LinkUriException if the URI's parameters are missing or impossible
     * @throws TransportException if the link cannot be set up at all
     */
    Link open(LinkUri uri, LinkListener listener) throws TransportException;

    /** Releases what the transport shares between its links (event loops, timers). Idempotent. */
    default void shutdown() {
    }
}
