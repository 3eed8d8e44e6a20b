package org.skywave.bridge.gate;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageKind;
import org.tinylog.Logger;

/**
 * Decides where a message may go, after APRS iGate practice: what comes from the internet (or
 * from the operator) goes out on the radio links if the {@code [gate]} policy lets it (allowed
 * kinds, size cap, transmit limits per minute and per five minutes); what comes from the air,
 * already decoded and validated, goes to the internet links, and to the station's other radio
 * links if its hop count leaves room under {@code hop_limit} and the same radio policy admits it
 * (a relay uses the same airtime as a message from the internet). The seen-set stops a message
 * that comes back to a station that still remembers it; the hop count bounds one that circles
 * through stations that have forgotten it ({@code docs/PROTOCOL.md}, chapter 5). Every policy
 * drop is logged and counted by reason. Used on the station thread only.
 */
public final class Gate {

    /** Which side of the bridge a link is on. */
    public enum Side { LOCAL, INTERNET, RADIO }

    /** Why the gate did not pass a message on to a side. */
    public enum DropReason {
        /** The kind is not in {@code rf_allowed_kinds}. */
        KIND_NOT_ALLOWED,
        /** The encoded message is longer than {@code rf_max_message_bytes}. */
        TOO_LARGE,
        /** {@code rf_max_per_minute} or {@code rf_max_per_5_minutes} is used up. */
        RATE_LIMITED,
        /** One more radio-to-radio relay would take the message's hop count past {@code hop_limit}. */
        HOP_LIMIT;

        /** The name an operator reads in logs and metrics: {@code rate_limited}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Set<MessageKind> rfAllowedKinds;
    private final int rfMaxMessageBytes;
    private final TransmitLimit transmitLimit;
    private final int hopLimit;
    private final LongSupplier nanoTime;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    /** A gate applying {@code config}, reading time (for the transmit limits) from {@code nanoTime}. */
    public Gate(GateConfig config, LongSupplier nanoTime) {
        this(kinds(config), config.rfMaxMessageBytes(), new TransmitLimit(config.rfMaxPerMinute(), config.rfMaxPer5Minutes()),
                config.hopLimit(), nanoTime);
    }

    private Gate(Set<MessageKind> rfAllowedKinds, int rfMaxMessageBytes, TransmitLimit transmitLimit, int hopLimit,
            LongSupplier nanoTime) {
        this.rfAllowedKinds = rfAllowedKinds;
        this.rfMaxMessageBytes = rfMaxMessageBytes;
        this.transmitLimit = transmitLimit;
        this.hopLimit = hopLimit;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * A gate with no policy beyond routing: every relayed kind, any size, no transmit limit, and
     * the default hop limit ({@link GateConfig#DEFAULT_HOP_LIMIT}), since even a demo must not let
     * a message circle. For stations built without a {@code [gate]} section (tests, the demo); a
     * daemon uses its config.
     */
    public static Gate unrestricted() {
        return new Gate(EnumSet.allOf(MessageKind.class), Integer.MAX_VALUE, null, GateConfig.DEFAULT_HOP_LIMIT, () -> 0L);
    }

    /** {@link #destinations(Side, Message, int, int, Set)} for a message not relayed so far (hop count 0). */
    public Set<Side> destinations(Side from, Message message, int encodedBytes, Set<Side> present) {
        return destinations(from, message, encodedBytes, 0, present);
    }

    /**
     * The sides {@code message} (kind {@code message.kind()}, {@code encodedBytes} long, arrived
     * with hop count {@code hops}) that arrived from {@code from} goes on to, among the sides
     * {@code present} on the station (other than the link it came on). A side it is routed to but
     * policy refuses counts as a drop. Admitting a message to the radio side uses one place in the
     * transmit limits. {@link #hopsOnward} gives the hop count it goes on with.
     */
    public Set<Side> destinations(Side from, Message message, int encodedBytes, int hops, Set<Side> present) {
        return route(from, message, encodedBytes, hops, present).sides();
    }

    /**
     * Where a message goes and, for each side present that it does not go to, why not.
     *
     * @param sides   the sides it goes on to
     * @param refused for each side present but not in {@code sides}: the reason, as an operator reads it
     */
    public record Routing(Set<Side> sides, Map<Side, String> refused) {
    }

    /** As {@link #destinations(Side, Message, int, int, Set)}, with the reason for each side left out. */
    public Routing route(Side from, Message message, int encodedBytes, int hops, Set<Side> present) {
        if (hops < 0) {
            throw new IllegalArgumentException("hops < 0: " + hops);
        }
        Set<Side> result = EnumSet.noneOf(Side.class);
        Map<Side, String> refused = new EnumMap<>(Side.class);
        if (isLinkLocal(message.kind())) {
            present.forEach(side -> refused.put(side, "link-local control goes no further"));
            return new Routing(result, refused);
        }
        switch (from) {
            case LOCAL, INTERNET -> {
                if (present.contains(Side.RADIO)) {
                    admitToRadio(message, encodedBytes, result, refused);
                }
                if (present.contains(Side.INTERNET)) {
                    refused.put(Side.INTERNET, "an internet link: what comes from the internet or the operator goes to radio links");
                }
            }
            case RADIO -> {
                if (present.contains(Side.INTERNET)) {
                    result.add(Side.INTERNET);
                }
                // Checked before admission, so that a message past the limit does not use up the transmit limits.
                if (present.contains(Side.RADIO)) {
                    String overHops = overHopLimit(message, hops);
                    if (overHops != null) {
                        refused.put(Side.RADIO, overHops);
                    } else {
                        admitToRadio(message, encodedBytes, result, refused);
                    }
                }
            }
        }
        return new Routing(result, refused);
    }

    private void admitToRadio(Message message, int encodedBytes, Set<Side> result, Map<Side, String> refused) {
        String refusal = radioRefusal(message, encodedBytes);
        if (refusal == null) {
            result.add(Side.RADIO);
        } else {
            refused.put(Side.RADIO, refusal);
        }
    }

    /**
     * The hop count a message that arrived from {@code from} with {@code hops} goes on to side
     * {@code to} with: one more from a radio link to a radio link, unchanged otherwise (a message
     * from the internet or the operator goes on the air with the count it came with, 0 when new).
     */
    public static int hopsOnward(Side from, Side to, int hops) {
        return from == Side.RADIO && to == Side.RADIO ? hops + 1 : hops;
    }

    /** The configured {@code hop_limit}: radio-to-radio relays a message may make. */
    public int hopLimit() {
        return hopLimit;
    }

    /** Null if one more relay stays under the hop limit; else the drop's reason. */
    private String overHopLimit(Message message, int hops) {
        if (hops + 1 > hopLimit) {
            return drop(DropReason.HOP_LIMIT, message, "hop count " + hops + ", one more relay would exceed hop_limit " + hopLimit);
        }
        return null;
    }

    /** Null if the radio policy admits the message (using a place in the transmit limits); else the drop's reason. */
    private String radioRefusal(Message message, int encodedBytes) {
        if (!rfAllowedKinds.contains(message.kind())) {
            return drop(DropReason.KIND_NOT_ALLOWED, message, "kind not in rf_allowed_kinds");
        }
        if (encodedBytes > rfMaxMessageBytes) {
            return drop(DropReason.TOO_LARGE, message, encodedBytes + " bytes, rf_max_message_bytes is " + rfMaxMessageBytes);
        }
        if (transmitLimit != null && !transmitLimit.tryAdmit(nanoTime.getAsLong())) {
            return drop(DropReason.RATE_LIMITED, message, "rf_max_per_minute or rf_max_per_5_minutes reached");
        }
        return null;
    }

    /** Counts and logs a drop; returns its reason as the operator reads it: {@code rate_limited: rf_max_per_minute ...}. */
    private String drop(DropReason reason, Message message, String detail) {
        drops.merge(reason, 1L, Long::sum);
        Logger.info("gate: dropped {} {} ({}): {}", message.kind(), message.id().shortHex(), reason.label(), detail);
        return reason.label() + ": " + detail;
    }

    /** Messages dropped so far, by reason; reasons never used are absent. */
    public Map<DropReason, Long> drops() {
        return Map.copyOf(drops);
    }

    /**
     * Link-local control (handshake, keep-alive, acknowledgements, rejects) is answered by the
     * station that hears it and never travels further, nor is it acknowledged.
     */
    public static boolean isLinkLocal(MessageKind kind) {
        return switch (kind) {
            case HELLO, PING, PONG, ACK, REJECT -> true;
            default -> false;
        };
    }

    /** The kinds named in the config ({@link GateConfig#KINDS}). */
    static Set<MessageKind> kinds(GateConfig config) {
        Set<MessageKind> kinds = EnumSet.noneOf(MessageKind.class);
        for (String name : config.rfAllowedKinds()) {
            kinds.add(kindNamed(name));
        }
        return kinds;
    }

    private static MessageKind kindNamed(String name) {
        return switch (name) {
            case "inv" -> MessageKind.INV;
            case "tx" -> MessageKind.TX;
            case "block" -> MessageKind.BLOCK;
            case "headers" -> MessageKind.HEADERS;
            case "compact_block" -> MessageKind.CMPCTBLOCK;
            case "addr" -> MessageKind.ADDR;
            default -> throw new IllegalArgumentException("unknown kind: " + name + " (known: " + GateConfig.KINDS + ")");
        };
    }

    /**
     * The message kinds a configured kind name stands for on a link: the kind itself, with what
     * answers or asks for it ({@code compact_block} brings GETBLOCKTXN and BLOCKTXN, {@code inv}
     * brings GETDATA, {@code headers} brings GETHEADERS).
     */
    static Set<MessageKind> kindsNamed(String name) {
        MessageKind kind = kindNamed(name);
        return switch (kind) {
            case CMPCTBLOCK -> EnumSet.of(MessageKind.CMPCTBLOCK, MessageKind.GETBLOCKTXN, MessageKind.BLOCKTXN);
            case INV -> EnumSet.of(MessageKind.INV, MessageKind.GETDATA, MessageKind.MEMPOOL);
            case HEADERS -> EnumSet.of(MessageKind.HEADERS, MessageKind.GETHEADERS);
            default -> EnumSet.of(kind);
        };
    }
}
