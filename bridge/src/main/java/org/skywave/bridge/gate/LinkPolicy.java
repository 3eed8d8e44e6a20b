package org.skywave.bridge.gate;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.skywave.bridge.config.LinkPolicyConfig;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageKind;
import org.skywave.transport.LinkProfile;
import org.tinylog.Logger;

/**
 * What one link may carry, on top of the gate's station-wide rules: kinds allowed, largest
 * message, transmit limits per minute and per five minutes, and a duty cycle. Defaults come from
 * the link's profile ({@link #defaultKinds}): no BLOCK or compact block under 300 bit/s, no full
 * BLOCK under 1200 bit/s; the {@code [[link]]} entry widens or narrows them ({@link LinkPolicyConfig}).
 * Each refusal is counted by reason, and logged the first time a reason refuses on this link.
 * Used on the station thread only.
 */
public final class LinkPolicy {

    /** Below this a link carries no block at all: a 1 MB block would take 8 hours at 300 bit/s. */
    public static final double MIN_BITRATE_FOR_COMPACT_BLOCKS = 300;
    /** Below this a link carries compact blocks but no full one. */
    public static final double MIN_BITRATE_FOR_BLOCKS = 1200;
    /**
     * Below this (a keyboard mode: JS8Call carries 1.7 to 8.3 bit/s) a link carries transactions and
     * the small control that announces and asks for them only: at 8 bit/s one 80-byte header takes
     * 80 s and a HEADERS batch hours, and MEMPOOL or ADDR would start floods of announcements.
     */
    public static final double MIN_BITRATE_FOR_CHAIN_SYNC = 100;
    private static final Set<MessageKind> KEYBOARD_MODE_KINDS = EnumSet.of(MessageKind.TX, MessageKind.INV, MessageKind.GETDATA);

    private final String linkName;
    private final Set<MessageKind> allowedKinds;
    private final int maxMessageBytes;
    private final TransmitLimit transmitLimit;
    private final int dutyCyclePercent;
    private final LongSupplier nanoTime;
    private final Map<Gate.DropReason, Long> refusals = new EnumMap<>(Gate.DropReason.class);

    private LinkPolicy(String linkName, Set<MessageKind> allowedKinds, int maxMessageBytes, TransmitLimit transmitLimit,
            int dutyCyclePercent, LongSupplier nanoTime) {
        this.linkName = linkName;
        this.allowedKinds = allowedKinds;
        this.maxMessageBytes = maxMessageBytes;
        this.transmitLimit = transmitLimit;
        this.dutyCyclePercent = dutyCyclePercent;
        this.nanoTime = nanoTime;
    }

    /** The policy of link {@code linkName} with {@code profile}, as {@code overrides} change it. */
    public static LinkPolicy of(String linkName, LinkProfile profile, LinkPolicyConfig overrides, LongSupplier nanoTime) {
        Objects.requireNonNull(overrides, "overrides");
        Set<MessageKind> kinds = overrides.allowedKinds() == null ? defaultKinds(profile) : kinds(overrides.allowedKinds());
        int maxBytes = overrides.maxMessageBytes() == null ? Integer.MAX_VALUE : overrides.maxMessageBytes();
        TransmitLimit limit = null;
        if (overrides.maxPerMinute() != null || overrides.maxPer5Minutes() != null) {
            int perMinute = overrides.maxPerMinute() != null ? overrides.maxPerMinute() : overrides.maxPer5Minutes();
            int per5 = overrides.maxPer5Minutes() != null ? overrides.maxPer5Minutes() : 5 * perMinute;
            limit = new TransmitLimit(perMinute, Math.max(per5, perMinute));
        }
        int duty = overrides.dutyCyclePercent() == null ? 100 : overrides.dutyCyclePercent();
        if (duty < 1 || duty > 100) {
            throw new IllegalArgumentException("duty cycle outside 1..100 %: " + duty);
        }
        return new LinkPolicy(linkName, kinds, maxBytes, limit, duty, Objects.requireNonNull(nanoTime, "nanoTime"));
    }

    /**
     * The kinds a link of {@code profile} carries unless its entry says otherwise: every relayed
     * kind, but no full BLOCK under {@link #MIN_BITRATE_FOR_BLOCKS}, no compact block (nor its
     * GETBLOCKTXN/BLOCKTXN) under {@link #MIN_BITRATE_FOR_COMPACT_BLOCKS}, and only TX, INV and
     * GETDATA under {@link #MIN_BITRATE_FOR_CHAIN_SYNC}.
     */
    public static Set<MessageKind> defaultKinds(LinkProfile profile) {
        if (profile.bitrate() < MIN_BITRATE_FOR_CHAIN_SYNC) {
            return EnumSet.copyOf(KEYBOARD_MODE_KINDS);
        }
        Set<MessageKind> kinds = EnumSet.allOf(MessageKind.class);
        kinds.removeIf(Gate::isLinkLocal);
        if (profile.bitrate() < MIN_BITRATE_FOR_BLOCKS) {
            kinds.remove(MessageKind.BLOCK);
        }
        if (profile.bitrate() < MIN_BITRATE_FOR_COMPACT_BLOCKS) {
            kinds.removeAll(EnumSet.of(MessageKind.CMPCTBLOCK, MessageKind.GETBLOCKTXN, MessageKind.BLOCKTXN));
        }
        return kinds;
    }

    private static Set<MessageKind> kinds(List<String> names) {
        Set<MessageKind> kinds = EnumSet.noneOf(MessageKind.class);
        for (String name : names) {
            kinds.addAll(Gate.kindsNamed(name));
        }
        return kinds;
    }

    /**
     * Whether {@code message} ({@code encodedBytes} long) may be queued for this link; admitting
     * it uses a place in the transmit limits. A refusal is counted and, the first time for its
     * reason, logged with what was refused and why.
     */
    public boolean admit(Message message, int encodedBytes) {
        if (!allowedKinds.contains(message.kind())) {
            return refuse(Gate.DropReason.KIND_NOT_ALLOWED, message, message.kind() + " is not among the kinds this link carries "
                    + allowedKinds);
        }
        if (encodedBytes > maxMessageBytes) {
            return refuse(Gate.DropReason.TOO_LARGE, message, encodedBytes + " bytes, max_message_bytes is " + maxMessageBytes);
        }
        if (transmitLimit != null && !transmitLimit.tryAdmit(nanoTime.getAsLong())) {
            return refuse(Gate.DropReason.RATE_LIMITED, message, "max_per_minute or max_per_5_minutes reached");
        }
        return true;
    }

    private boolean refuse(Gate.DropReason reason, Message message, String detail) {
        long times = refusals.merge(reason, 1L, Long::sum);
        if (times == 1) {
            Logger.info("link {}: refused {} {} ({}): {}; further refusals for this reason are counted, not logged",
                    linkName, message.kind(), message.id().shortHex(), reason.label(), detail);
        } else {
            Logger.debug("link {}: refused {} {} ({})", linkName, message.kind(), message.id().shortHex(), reason.label());
        }
        return false;
    }

    /** Refusals so far by reason label ({@code kind_not_allowed}, {@code too_large}, {@code rate_limited}). */
    public Map<String, Long> refusals() {
        Map<String, Long> byLabel = new LinkedHashMap<>();
        refusals.forEach((reason, count) -> byLabel.put(reason.label(), count));
        return byLabel;
    }

    /** Share of time the link may transmit, in percent; 100 for no limit. */
    public int dutyCyclePercent() {
        return dutyCyclePercent;
    }

    public Set<MessageKind> allowedKinds() {
        return Set.copyOf(allowedKinds);
    }
}
