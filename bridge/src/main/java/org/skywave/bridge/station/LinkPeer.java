package org.skywave.bridge.station;

import java.time.Instant;
import java.util.Objects;

/**
 * The station at the far end of a link, as its latest HELLO introduced it.
 *
 * @param fingerprint     its station id's fingerprint ({@link org.skywave.bridge.identity.StationId#fingerprint()}),
 *                        or {@value #NO_ID} when its HELLO carried no valid key (all zero bytes, or not a curve point)
 * @param callsign        the callsign it gave; empty when it sent none (a HELLO's {@code "-"})
 * @param protocolVersion the version both ends speak: the lower of its and ours
 * @param bestHeight      the height of its best chain as it reported it; 0 when it knows none
 * @param heardAt         when this station received that HELLO (its own clock)
 */
public record LinkPeer(String fingerprint, String callsign, int protocolVersion, long bestHeight, Instant heardAt) {

    /** Shown for a peer that announced no usable station id. */
    public static final String NO_ID = "none";

    public LinkPeer {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(callsign, "callsign");
        Objects.requireNonNull(heardAt, "heardAt");
        if (bestHeight < 0) {
            throw new IllegalArgumentException("bestHeight < 0: " + bestHeight);
        }
    }
}
