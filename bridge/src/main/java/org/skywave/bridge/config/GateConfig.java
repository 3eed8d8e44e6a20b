package org.skywave.bridge.config;

import java.util.List;
import java.util.Set;

/**
 * The {@code [gate]} section: limits on what is sent to radio links, in the manner of APRS iGate
 * transmit limits, the RF-to-RF hop limit, and when and for how long a misbehaving peer is banned.
 * The {@code rf*} limits apply alike to messages from the internet (or the operator) and to
 * messages relayed from one radio link to another: both use the same airtime.
 *
 * @param rfMaxPerMinute     messages from the internet or relayed between radio links put on the air per minute, at most
 * @param rfMaxPer5Minutes   the same per five minutes (at least {@code rfMaxPerMinute})
 * @param rfAllowedKinds     message kinds that may go to RF (names in {@link #KINDS})
 * @param rfMaxMessageBytes  largest message sent to RF
 * @param hopLimit           radio-to-radio relays a message may make: one heard with hop count h
 *                           goes on to the other radio links (with h + 1) only if h + 1 <= hopLimit;
 *                           0 relays nothing between radio links
 * @param banScore           misbehaviour points at which a peer is banned
 * @param banMinutes         how long a ban lasts: a TCP peer is disconnected and refused, a radio peer's frames ignored
 */
public record GateConfig(int rfMaxPerMinute, int rfMaxPer5Minutes, List<String> rfAllowedKinds,
        int rfMaxMessageBytes, int hopLimit, int banScore, int banMinutes) {

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
    /** Bitcoin Core's discouragement threshold is 100 points too. */
    public static final int DEFAULT_BAN_SCORE = 100;
    /** A thousand malformed frames: beyond that a threshold bans nobody in practice. */
    public static final int MAX_BAN_SCORE = 10_000;
    /** Long enough to clear the air of a broken or hostile sender, short enough that a fixed one is heard again soon. */
    public static final int DEFAULT_BAN_MINUTES = 10;
    /** One week; a peer that needs longer belongs out of the config, not in a ban. */
    public static final int MAX_BAN_MINUTES = 7 * 24 * 60;

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
        if (banScore < 1 || banScore > MAX_BAN_SCORE) {
            throw new IllegalArgumentException("banScore outside 1.." + MAX_BAN_SCORE + ": " + banScore);
        }
        if (banMinutes < 1 || banMinutes > MAX_BAN_MINUTES) {
            throw new IllegalArgumentException("banMinutes outside 1.." + MAX_BAN_MINUTES + ": " + banMinutes);
        }
        for (String kind : rfAllowedKinds) {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("unknown kind: " + kind);
            }
        }
    }

    /** The relay limits given, peers banned at the default score for the default time. */
    public GateConfig(int rfMaxPerMinute, int rfMaxPer5Minutes, List<String> rfAllowedKinds, int rfMaxMessageBytes, int hopLimit) {
        this(rfMaxPerMinute, rfMaxPer5Minutes, rfAllowedKinds, rfMaxMessageBytes, hopLimit, DEFAULT_BAN_SCORE, DEFAULT_BAN_MINUTES);
    }

    public static GateConfig defaults() {
        return new GateConfig(DEFAULT_RF_MAX_PER_MINUTE, DEFAULT_RF_MAX_PER_5_MINUTES, DEFAULT_RF_ALLOWED_KINDS,
                DEFAULT_RF_MAX_MESSAGE_BYTES, DEFAULT_HOP_LIMIT, DEFAULT_BAN_SCORE, DEFAULT_BAN_MINUTES);
    }

    /** The same gate with peers banned at {@code score} points for {@code minutes}. */
    public GateConfig withBans(int score, int minutes) {
        return new GateConfig(rfMaxPerMinute, rfMaxPer5Minutes, rfAllowedKinds, rfMaxMessageBytes, hopLimit, score, minutes);
    }
}
