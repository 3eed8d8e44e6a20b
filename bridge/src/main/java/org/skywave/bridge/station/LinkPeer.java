package org.skywave.bridge.station;

import java.util.Objects;

/**
 * The station at the far end of a link, as its HELLO introduced it.
 *
 * @param fingerprint     its station id's fingerprint ({@link org.skywave.bridge.identity.StationId#fingerprint()}),
 *                        or {@value #NO_ID} when its HELLO carried no valid key (all zero bytes, or not a curve point)
 * @param callsign        the callsign it gave; empty when it sent none (a HELLO's {@code "-"})
 * @param protocolVersion the version both ends speak: the lower of its and ours
 */
public record LinkPeer(String fingerprint, String callsign, int protocolVersion) {

    /** Shown for a peer that announced no usable station id. */
    public static final String NO_ID = "none";

    public LinkPeer {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(callsign, "callsign");
    }
}
