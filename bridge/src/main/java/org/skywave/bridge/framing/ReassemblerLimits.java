package org.skywave.bridge.framing;

import java.time.Duration;
import java.util.Objects;

import org.skywave.transport.LinkProfile;

/**
 * The bounds of one {@link Reassembler}.
 *
 * @param maxMessageBytes     largest whole message accepted, after decompression
 * @param maxPendingBytes     memory held by partial messages, as {@link Reassembler#pendingBytes()}
 *                            counts it (payload plus bookkeeping); oldest partials are evicted to stay under it
 * @param maxPendingPerSender partial messages held for one sender; the sender's oldest is evicted first
 * @param maxPendingTotal     partial messages held for all senders; the oldest is evicted first
 * @param timeout             a partial message that receives no fragment for this long is dropped
 */
public record ReassemblerLimits(int maxMessageBytes, long maxPendingBytes, int maxPendingPerSender,
                                int maxPendingTotal, Duration timeout) {

    /**
     * Room for one largest message with the bookkeeping of 256-byte fragments, plus change, within
     * the appliance's 64 MiB heap.
     */
    public static final long DEFAULT_MAX_PENDING_BYTES = 8L * 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING_PER_SENDER = 8;
    public static final int DEFAULT_MAX_PENDING_TOTAL = 64;
    /** Long enough for a few frames on the slowest link: one 64-byte JS8 Normal frame takes about 107 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** A partial message waits this many frame air times for its next fragment before it is dropped. */
    public static final int TIMEOUT_FRAMES = 10;
    /** The shortest timeout {@link #forProfile} gives, whatever the link's speed: room for a peer's turnaround and retries. */
    public static final Duration MIN_PROFILE_TIMEOUT = Duration.ofSeconds(60);

    public ReassemblerLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxMessageBytes < 1 || maxMessageBytes > FrameHeader.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes not in 1.." + FrameHeader.MAX_MESSAGE_BYTES + ": " + maxMessageBytes);
        }
        if (maxPendingBytes < maxMessageBytes) {
            throw new IllegalArgumentException("maxPendingBytes (" + maxPendingBytes
                    + ") must hold at least one message of maxMessageBytes (" + maxMessageBytes + ")");
        }
        if (maxPendingPerSender < 1) {
            throw new IllegalArgumentException("maxPendingPerSender < 1: " + maxPendingPerSender);
        }
        if (maxPendingTotal < maxPendingPerSender) {
            throw new IllegalArgumentException("maxPendingTotal (" + maxPendingTotal + ") < maxPendingPerSender ("
                    + maxPendingPerSender + ")");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + timeout);
        }
    }

    public static ReassemblerLimits defaults() {
        return new ReassemblerLimits(FrameHeader.MAX_MESSAGE_BYTES, DEFAULT_MAX_PENDING_BYTES,
                DEFAULT_MAX_PENDING_PER_SENDER, DEFAULT_MAX_PENDING_TOTAL, DEFAULT_TIMEOUT);
    }

    /** The defaults with a timeout of {@value #TIMEOUT_FRAMES} full-MTU air times, at least {@link #MIN_PROFILE_TIMEOUT}. */
    public static ReassemblerLimits forProfile(LinkProfile profile) {
        Duration frames = profile.airtime(profile.mtu()).multipliedBy(TIMEOUT_FRAMES);
        return defaults().withTimeout(frames.compareTo(MIN_PROFILE_TIMEOUT) > 0 ? frames : MIN_PROFILE_TIMEOUT);
    }

    public ReassemblerLimits withTimeout(Duration newTimeout) {
        return new ReassemblerLimits(maxMessageBytes, maxPendingBytes, maxPendingPerSender, maxPendingTotal, newTimeout);
    }

    public ReassemblerLimits withMaxMessageBytes(int newMaxMessageBytes) {
        return new ReassemblerLimits(newMaxMessageBytes, maxPendingBytes, maxPendingPerSender, maxPendingTotal, timeout);
    }

    public ReassemblerLimits withMaxPendingBytes(long newMaxPendingBytes) {
        return new ReassemblerLimits(maxMessageBytes, newMaxPendingBytes, maxPendingPerSender, maxPendingTotal, timeout);
    }

    public ReassemblerLimits withMaxPending(int perSender, int total) {
        return new ReassemblerLimits(maxMessageBytes, maxPendingBytes, perSender, total, timeout);
    }
}
