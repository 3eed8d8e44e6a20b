package org.skywave.bridge.gate;

import org.skywave.transport.LinkProfile;

/**
 * How many messages a peer on one link may send before it floods, and how often it may re-send
 * one it sent already before that is a replay. The flood limit follows what the link can carry
 * (its profile): an honest peer can never send faster than its link, so only one that does is a
 * flood. Both can be set per link ({@code peer_max_messages_per_minute}, {@code peer_max_replays}).
 *
 * @param maxMessagesPerMinute messages a peer may send per minute; {@link #UNLIMITED} on links whose
 *                             frames are authenticated (a MAC or a trusted signature): a peer that
 *                             holds the key is trusted, and its pace is its link's
 * @param maxReplays           re-sends of one already-seen message tolerated within the replay window
 */
public record LinkRateLimits(int maxMessagesPerMinute, int maxReplays) {

    /** No flood limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /**
     * The smallest message a peer sends in numbers, framed: a one-id ACK (about 40 bytes of CBOR)
     * or a small transaction, plus the frame header. A peer sending only these at the link's full
     * rate sends the most messages the link can carry.
     */
    static final int SMALLEST_FRAMED_MESSAGE_BYTES = 60;
    /**
     * Room over the link's capacity before a peer counts as flooding: frames queued in a TNC or a
     * socket arrive in bursts faster than the medium's rate, and timers on both ends drift.
     */
    static final int HEADROOM = 2;
    /** However slow the link, a minute may bring this many messages (a burst a TNC held back). */
    static final int MIN_MESSAGES_PER_MINUTE = 60;

    public LinkRateLimits {
        if (maxMessagesPerMinute < 1 || maxReplays < 0) {
            throw new IllegalArgumentException("link rate limits out of range: " + this);
        }
    }

    /**
     * The limits a link's capacity sets: {@link #HEADROOM} times the messages of
     * {@link #SMALLEST_FRAMED_MESSAGE_BYTES} it carries in a minute, at least
     * {@link #MIN_MESSAGES_PER_MINUTE}; no flood limit at all if its frames are authenticated.
     */
    public static LinkRateLimits forLink(LinkProfile profile, boolean authenticated, int maxReplays) {
        if (authenticated) {
            return new LinkRateLimits(UNLIMITED, maxReplays);
        }
        double bytesPerMinute = profile.bitrate() * 60 / 8;
        double perMinute = HEADROOM * bytesPerMinute / profile.onAirBytes(SMALLEST_FRAMED_MESSAGE_BYTES);
        return new LinkRateLimits((int) Math.max(MIN_MESSAGES_PER_MINUTE, Math.min(UNLIMITED, Math.ceil(perMinute))), maxReplays);
    }

    /** These limits with the flood limit set to {@code perMinute} (a link's {@code peer_max_messages_per_minute}). */
    public LinkRateLimits withMaxMessagesPerMinute(int perMinute) {
        return new LinkRateLimits(perMinute, maxReplays);
    }

    public boolean unlimited() {
        return maxMessagesPerMinute == UNLIMITED;
    }
}
