package org.skywave.bridge.message;

/**
 * A peer one can reach, as ADDR carries it.
 *
 * @param uri          the link URI to reach it by ({@code tcp://host:port}, {@code kiss-tcp://...}), printable ASCII
 * @param services     the services bit set it announced (bit 63 clear)
 * @param lastSeenTime when it was last heard, seconds since 1970-01-01 UTC
 */
public record PeerAddress(String uri, long services, long lastSeenTime) {

    public PeerAddress {
        Values.checkAscii(uri, "uri", MessageLimits.MAX_URI_BYTES);
        Values.checkRange(services, "services", 0, Long.MAX_VALUE);
        Values.checkRange(lastSeenTime, "lastSeenTime", 0, Long.MAX_VALUE);
    }
}
