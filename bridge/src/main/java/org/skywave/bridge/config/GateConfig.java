package org.skywave.bridge.config;

import java.util.List;
import java.util.Set;

/**
 * The {@code [gate]} section: limits on what is sent to radio links, in the manner of APRS iGate
 * transmit limits, and the RF-to-RF hop limit. The {@code rf*} limits apply alike to messages from
 * the internet (or the operator) and to messages relayed from one radio link to another: both
 * use the same airtime.
 *
 * @param rfMaxPerMinute     messages from the internet or relayed between radio links put on the air per minute, at most
 * @param rfMaxPer5Minutes   the same per five minutes (at least {@code rfMaxPerMinute})
 * @param rfAllowedKinds     message kinds that may go to RF (names in {@link #KINDS})
 * @param rfMaxMessageBytes  largest message sent to RF
 * @param hopLimit           radio-to-radio relays a message may make: one heard with hop count h
 *                           goes on to the other radio links (with h + 1) only if h + 1 <= hopLimit;
 *                           0 relays nothing between radio links
 */
public record GateConfig(int rfMaxPerMinute, int rfMaxPer5Minutes, List<String> rfAllowedKinds,
        int rfMaxMessageBytes, int hopLimit) {

    /** Kinds that carry chain data and may be relayed; link-level kinds (HELLO, PING, ACK...) never are. */
    public static final Set<String> KINDS = Set.of("inv", "tx", "block", "headers", "compact_block", "addr");

    public static final int DEFAULT_RF_MAX_PER_MINUTE = 30;
    public static final int DEFAULT_RF_MAX_PER_5_MINUTES = 100;
    public static final List<String> DEFAULT_RF_ALLOWED_KINDS = List.of("tx", "headers");
    public static final int DEFAULT_RF_MAX_MESSAGE_BYTES = 2048;
    public static final int DEFAULT_HOP_LIMIT = 3;
    /** AX.25 allows 8 digipeaters; a longer RF-to-RF chain only multiplies airtime. */
    public static final int MAX_HOP_LIMIT = 8;
    /** Largest message worth sending on any radio link we support (a full block is ~4 MB). */
    public static final int MAX_RF_MESSAGE_BYTES = 4 * 1024 * 1024;

    public GateConfig {
        rfAllowedKinds = List.copyOf(rfAllowedKinds);
        if (rfMaxPerMinute < 0 || rfMaxPer5Minutes < rfMaxPerMinute) {
            throw new IllegalArgumentException("rate limits need 0 <= per minute <= per 5 minutes: " + rfMaxPerMinute + ", " + rfMaxPer5Minutes);
        }
        if (rfMaxMessageBytes < 1 || rfMaxMessageBytes > MAX_RF_MESSAGE_BYTES) {
            throw new IllegalArgumentException("rfMaxMessageBytes outside 1.." + MAX_RF_MESSAGE_BYTES + ": " + rfMaxMessageBytes);
        }
        if (hopLimit < 0 || hopLimit > MAX_HOP_LIMIT) {
            throw new IllegalArgumentException("hopLimit outside 0.." + MAX_HOP_LIMIT + ": " + hopLimit);
        }
        for (String kind : rfAllowedKinds) {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("unknown kind: " + kind);
            }
        }
    }

    public static GateConfig defaults() {
        return new GateConfig(DEFAULT_RF_MAX_PER_MINUTE, DEFAULT_RF_MAX_PER_5_MINUTES, DEFAULT_RF_ALLOWED_KINDS,
                DEFAULT_RF_MAX_MESSAGE_BYTES, DEFAULT_HOP_LIMIT);
    }
}
