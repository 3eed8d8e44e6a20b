package org.skywave.bridge.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.message.MessageId;
import org.tinylog.Logger;

/**
 * Ban scores of the peers a station hears, in the manner of Bitcoin Core's misbehaviour score:
 * malformed input, unknown kinds, floods and replays add points; a peer past the threshold is
 * banned for a while, then heard again. Points fade with time, so the odd corrupted frame from a
 * noisy but honest peer never adds up to a ban. Also paces REJECT replies, so that a stream of
 * garbage is not answered by a stream of REJECTs on the air. Bounded in memory: the least
 * recently heard peers are forgotten past {@link Limits#maxPeers}. Used on the station thread only.
 */
public final class PeerScores {

    /** What a peer did wrong, and what it costs. */
    public enum Offence {
        /** A frame or message that does not decode. */
        MALFORMED(10),
        /** A message of a kind this station does not know. */
        UNKNOWN_KIND(10),
        /** More messages in a minute than {@link Limits#maxMessagesPerMinute}. */
        FLOOD(50),
        /** The same already-seen message more than {@link Limits#maxReplays} times within {@link Limits#replayWindow}. */
        REPLAY(20);

        private final int points;

        Offence(int points) {
            this.points = points;
        }

        public int points() {
            return points;
        }
    }

    /** What a station does with a message it has counted against the sender's limits. */
    public enum Verdict {
        /** Within the limits: handle it. */
        TAKE,
        /** Past a limit: refuse it with a REJECT, unacknowledged, so an honest sender keeps it and tries later. */
        REFUSE,
        /** Past a limit, and the offence of crossing it banned the peer: refuse it and drop the peer. */
        BAN
    }

    /**
     * @param banScore             points at which a peer is banned
     * @param banTime              how long a ban lasts
     * @param forgivenPerMinute    points that fade per minute
     * @param maxMessagesPerMinute messages a peer may send per minute before it floods
     * @param maxReplays           re-sends of one already-seen message tolerated within {@code replayWindow}
     * @param replayWindow         the time replays of one message are counted over
     * @param rejectInterval       at most one REJECT per peer this often
     * @param maxPeers             peers remembered at once
     */
    public record Limits(int banScore, Duration banTime, int forgivenPerMinute, int maxMessagesPerMinute, int maxReplays,
            Duration replayWindow, Duration rejectInterval, int maxPeers) {

        /** Bitcoin Core's {@code DISCOURAGEMENT_THRESHOLD} is 100 points too. */
        public static final int DEFAULT_BAN_SCORE = 100;
        /** Long enough to clear the air of a broken or hostile sender, short enough that a fixed one is heard again soon. */
        public static final Duration DEFAULT_BAN_TIME = Duration.ofMinutes(10);
        /** One malformed frame a minute (an honest link's rare corruption) never adds up. */
        public static final int DEFAULT_FORGIVEN_PER_MINUTE = 10;
        /** Ten a second: more than a 9600 bit/s radio link carries with messages of 200 bytes. */
        public static final int DEFAULT_MAX_MESSAGES_PER_MINUTE = 600;
        /** A sender re-sends a message only when our ACK is lost; eight losses in a row within the window is not a lossy link. */
        public static final int DEFAULT_MAX_REPLAYS = 8;
        public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(10);
        /** "A few seconds": one REJECT of 20-odd bytes every 10 s costs a 1200 bit/s channel under 2 % of its time. */
        public static final Duration DEFAULT_REJECT_INTERVAL = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_PEERS = 1024;
        /** Distinct message ids whose replays are counted per peer. */
        static final int REPLAY_IDS_PER_PEER = 32;

        public Limits {
            Objects.requireNonNull(banTime, "banTime");
            Objects.requireNonNull(replayWindow, "replayWindow");
            Objects.requireNonNull(rejectInterval, "rejectInterval");
            if (banScore < 1 || forgivenPerMinute < 0 || maxMessagesPerMinute < 1 || maxReplays < 0 || maxPeers < 1
                    || banTime.isNegative() || replayWindow.isNegative() || rejectInterval.isNegative()) {
                throw new IllegalArgumentException("peer limits out of range: " + this);
            }
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_BAN_SCORE, DEFAULT_BAN_TIME, DEFAULT_FORGIVEN_PER_MINUTE, DEFAULT_MAX_MESSAGES_PER_MINUTE,
                    DEFAULT_MAX_REPLAYS, DEFAULT_REPLAY_WINDOW, DEFAULT_REJECT_INTERVAL, DEFAULT_MAX_PEERS);
        }

        /** The defaults, with the ban score and time of {@code [gate]} ({@code ban_score}, {@code ban_minutes}). */
        public static Limits forGate(GateConfig gate) {
            return defaults().withBan(gate.banScore(), Duration.ofMinutes(gate.banMinutes()));
        }

        /** These limits with peers banned at {@code score} points for {@code time}. */
        public Limits withBan(int score, Duration time) {
            return new Limits(score, time, forgivenPerMinute, maxMessagesPerMinute, maxReplays, replayWindow, rejectInterval, maxPeers);
        }
    }

    /**
     * A peer banned now.
     *
     * @param peer      the peer as the station names it
     * @param score     the score that banned it
     * @param remaining how long the ban still lasts
     */
    public record Ban(String peer, int score, Duration remaining) {
    }

    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Peer> peers;
    private long bansImposed;
    private long framesDroppedWhileBanned;
    private long messagesRefused;

    public PeerScores(Limits limits, LongSupplier nanoTime) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.peers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Peer> eldest) {
                return size() > limits.maxPeers();
            }
        };
    }

    /**
     * True if {@code peer} is banned now; counts the frame as dropped if so. A ban that has run
     * out is lifted here, with a clean score.
     */
    public boolean dropIfBanned(String peer) {
        Peer p = peers.get(peer);
        if (p == null || p.bannedUntil == Long.MIN_VALUE) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (now - p.bannedUntil >= 0) {
            p.bannedUntil = Long.MIN_VALUE;
            p.score = 0;
            p.scoredAt = now;
            Logger.info("peer {}: ban over, heard again", peer);
            return false;
        }
        framesDroppedWhileBanned++;
        return true;
    }

    /** Adds the points of {@code offence} to {@code peer}'s score; returns true if that bans it. */
    public boolean offence(String peer, Offence offence, String detail) {
        long now = nanoTime.getAsLong();
        Peer p = peer(peer, now);
        if (p.banned()) {
            return false;
        }
        p.score = currentScore(p, now) + offence.points();
        p.scoredAt = now;
        if (p.score < limits.banScore()) {
            // The caller logs the offence, throttled per peer and reason; one line per frame would let garbage fill the disk.
            Logger.debug("peer {}: {} ({}), score {}", peer, offence, detail, p.score);
            return false;
        }
        p.bannedUntil = now + limits.banTime().toNanos();
        bansImposed++;
        Logger.warn("peer {}: banned for {} (score {}, last {}: {})", peer, limits.banTime(), p.score, offence, detail);
        return true;
    }

    /**
     * Counts a message from {@code peer}. Past {@link Limits#maxMessagesPerMinute} in the current
     * minute the rest of that minute's messages are refused; the first one past it is a flood,
     * scored once per minute.
     */
    public Verdict messageReceived(String peer) {
        return messageReceived(peer, new LinkRateLimits(limits.maxMessagesPerMinute(), limits.maxReplays()));
    }

    /** As {@link #messageReceived(String)}, against the limits of the peer's link. */
    public Verdict messageReceived(String peer, LinkRateLimits link) {
        if (link.unlimited()) {
            return Verdict.TAKE;
        }
        long now = nanoTime.getAsLong();
        Peer p = peer(peer, now);
        if (now - p.minuteStart >= Duration.ofMinutes(1).toNanos()) {
            p.minuteStart = now;
            p.messagesThisMinute = 0;
        }
        if (p.messagesThisMinute > link.maxMessagesPerMinute()) {
            messagesRefused++;
            return Verdict.REFUSE; // the count stops one past the limit: a flood of any length cannot overflow it
        }
        p.messagesThisMinute++;
        if (p.messagesThisMinute <= link.maxMessagesPerMinute()) {
            return Verdict.TAKE;
        }
        messagesRefused++;
        return offence(peer, Offence.FLOOD, "more than " + link.maxMessagesPerMinute() + " messages in a minute")
                ? Verdict.BAN : Verdict.REFUSE;
    }

    /**
     * Counts a re-send of the already-seen {@code id} by {@code peer}. Up to {@link Limits#maxReplays}
     * within {@link Limits#replayWindow} are ordinary (its ACK was lost) and are taken; beyond that
     * they are refused, and the first one refused is a replay, scored once per window.
     */
    public Verdict seenAgain(String peer, MessageId id) {
        return seenAgain(peer, id, new LinkRateLimits(limits.maxMessagesPerMinute(), limits.maxReplays()));
    }

    /** As {@link #seenAgain(String, MessageId)}, against the limits of the peer's link. */
    public Verdict seenAgain(String peer, MessageId id, LinkRateLimits link) {
        long now = nanoTime.getAsLong();
        Peer p = peer(peer, now);
        long[] entry = p.replays.get(id);
        if (entry == null || now - entry[0] >= limits.replayWindow().toNanos()) {
            entry = new long[] {now, 0};
            p.replays.put(id, entry);
        }
        if (entry[1] > link.maxReplays()) {
            messagesRefused++;
            return Verdict.REFUSE;
        }
        entry[1]++;
        if (entry[1] <= link.maxReplays()) {
            return Verdict.TAKE;
        }
        messagesRefused++;
        return offence(peer, Offence.REPLAY, id.shortHex() + " sent again more than " + link.maxReplays() + " times")
                ? Verdict.BAN : Verdict.REFUSE;
    }

    /** True if a REJECT may be sent to {@code peer} now (and records it); false within the interval of the last one. */
    public boolean mayReject(String peer) {
        long now = nanoTime.getAsLong();
        Peer p = peer(peer, now);
        if (p.lastReject != Long.MIN_VALUE && now - p.lastReject < limits.rejectInterval().toNanos()) {
            return false;
        }
        p.lastReject = now;
        return true;
    }

    /** The peer's score now, after fading; 0 for a peer never heard. */
    public int score(String peer) {
        Peer p = peers.get(peer);
        return p == null ? 0 : currentScore(p, nanoTime.getAsLong());
    }

    /** True if {@code peer} is banned at this moment (without counting anything). */
    public boolean banned(String peer) {
        Peer p = peers.get(peer);
        return p != null && p.banned() && nanoTime.getAsLong() - p.bannedUntil < 0;
    }

    /** The peers banned at this moment, the ones heard most recently last. */
    public List<Ban> bans() {
        long now = nanoTime.getAsLong();
        List<Ban> bans = new ArrayList<>();
        peers.forEach((name, p) -> {
            if (p.banned() && now - p.bannedUntil < 0) {
                bans.add(new Ban(name, p.score, Duration.ofNanos(p.bannedUntil - now)));
            }
        });
        return bans;
    }

    public Limits limits() {
        return limits;
    }

    public long bansImposed() {
        return bansImposed;
    }

    public long framesDroppedWhileBanned() {
        return framesDroppedWhileBanned;
    }

    /** Messages refused for a flood or a replay (each one past the limit, not only the one scored). */
    public long messagesRefused() {
        return messagesRefused;
    }

    private int currentScore(Peer p, long now) {
        long faded = limits.forgivenPerMinute() * ((now - p.scoredAt) / Duration.ofSeconds(6).toNanos()) / 10;
        return (int) Math.max(0, p.score - faded);
    }

    private Peer peer(String peer, long now) {
        return peers.computeIfAbsent(peer, key -> new Peer(now));
    }

    private static final class Peer {
        int score;
        long scoredAt;
        long bannedUntil = Long.MIN_VALUE;
        long lastReject = Long.MIN_VALUE;
        long minuteStart;
        int messagesThisMinute;
        /** Message id to {first seen again, times}; the oldest ids are forgotten first. */
        final Map<MessageId, long[]> replays = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MessageId, long[]> eldest) {
                return size() > Limits.REPLAY_IDS_PER_PEER;
            }
        };

        Peer(long now) {
            scoredAt = now;
            minuteStart = now;
        }

        boolean banned() {
            return bannedUntil != Long.MIN_VALUE;
        }
    }
}
