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
 * already decoded and validated, goes to the internet links. Every policy drop is logged and
 * counted by reason. Used on the station thread only.
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
        /** Radio-to-radio relaying waits for a hop count in the message format. */
        RADIO_TO_RADIO;

        /** The name an operator reads in logs and metrics: {@code rate_limited}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Set<MessageKind> rfAllowedKinds;
    private final int rfMaxMessageBytes;
    private final TransmitLimit transmitLimit;
    private final LongSupplier nanoTime;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    /** A gate applying {@code config}, reading time (for the transmit limits) from {@code nanoTime}. */
    public Gate(GateConfig config, LongSupplier nanoTime) {
        this(kinds(config), config.rfMaxMessageBytes(), new TransmitLimit(config.rfMaxPerMinute(), config.rfMaxPer5Minutes()), nanoTime);
    }

    private Gate(Set<MessageKind> rfAllowedKinds, int rfMaxMessageBytes, TransmitLimit transmitLimit, LongSupplier nanoTime) {
        this.rfAllowedKinds = rfAllowedKinds;
        this.rfMaxMessageBytes = rfMaxMessageBytes;
        this.transmitLimit = transmitLimit;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * A gate with no policy beyond routing: every relayed kind, any size, no transmit limit. For
     * stations built without a {@code [gate]} section (tests, the demo); a daemon uses its config.
     */
    public static Gate unrestricted() {
        return new Gate(EnumSet.allOf(MessageKind.class), Integer.MAX_VALUE, null, () -> 0L);
    }

    /**
     * The sides {@code message} (kind {@code message.kind()}, {@code encodedBytes} long) that
     * arrived from {@code from} goes on to, among the sides {@code present} on the station (other
     * than the link it came on). A side it is routed to but policy refuses counts as a drop.
     * Admitting a message to the radio side uses one place in the transmit limits.
     */
    public Set<Side> destinations(Side from, Message message, int encodedBytes, Set<Side> present) {
        Set<Side> result = EnumSet.noneOf(Side.class);
        if (isLinkLocal(message.kind())) {
            return result;
        }
        switch (from) {
            case LOCAL, INTERNET -> {
                if (present.contains(Side.RADIO) && admitToRadio(message, encodedBytes)) {
                    result.add(Side.RADIO);
                }
            }
            case RADIO -> {
                if (present.contains(Side.INTERNET)) {
                    result.add(Side.INTERNET);
                }
                // Not relayed to other radio links yet: without a hop count in the message (the
                // format has none so far) the seen-set alone cannot stop a message circling
                // between two stations that each forgot it. hop_limit in [gate] waits for it.
                if (present.contains(Side.RADIO)) {
                    drop(DropReason.RADIO_TO_RADIO, message, "no hop count to limit radio-to-radio relays");
                }
            }
        }
        return result;
    }

    private boolean admitToRadio(Message message, int encodedBytes) {
        if (!rfAllowedKinds.contains(message.kind())) {
            drop(DropReason.KIND_NOT_ALLOWED, message, "kind not in rf_allowed_kinds");
            return false;
        }
        if (encodedBytes > rfMaxMessageBytes) {
            drop(DropReason.TOO_LARGE, message, encodedBytes + " bytes, rf_max_message_bytes is " + rfMaxMessageBytes);
            return false;
        }
        if (transmitLimit != null && !transmitLimit.tryAdmit(nanoTime.getAsLong())) {
            drop(DropReason.RATE_LIMITED, message, "rf_max_per_minute or rf_max_per_5_minutes reached");
            return false;
        }
        return true;
    }

    private void drop(DropReason reason, Message message, String detail) {
        drops.merge(reason, 1L, Long::sum);
        Logger.info("gate: dropped {} {} ({}): {}", message.kind(), message.id().shortHex(), reason.label(), detail);
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
            kinds.add(switch (name) {
                case "inv" -> MessageKind.INV;
                case "tx" -> MessageKind.TX;
                case "block" -> MessageKind.BLOCK;
                case "headers" -> MessageKind.HEADERS;
                case "compact_block" -> MessageKind.CMPCTBLOCK;
                case "addr" -> MessageKind.ADDR;
                default -> throw new IllegalArgumentException("unknown kind in rf_allowed_kinds: " + name);
            });
        }
        return kinds;
    }
}
