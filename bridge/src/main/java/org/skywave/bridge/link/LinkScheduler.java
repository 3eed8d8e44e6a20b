package org.skywave.bridge.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.TokenBucket;
import org.skywave.bridge.message.IdPrefix;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.support.Backoff;
import org.tinylog.Logger;

/**
 * Feeds one link from its durable queue: takes the next ready message in priority order, frames
 * it to the link's MTU with the hop count stored with it, and sends it while the link is up and
 * writable. A full-duplex link whose far station acknowledges (TCP) has up to
 * {@link #PIPELINE_MESSAGES} single-frame messages under way at once, and the queue records their
 * sends and ACKs without the station thread waiting for each commit: they share the store's group
 * commits. Other links send one message at a time, as a channel turned round for ACKs needs.
 * A message stays set aside here from its send until its record is durable, so it is never taken
 * from the queue twice meanwhile.
 *
 * <p>A message leaves the queue only when the far station acknowledges it ({@link #acknowledged})
 * or, on a broadcast-only link, after its configured repeats. After each transmission the message
 * is set aside for the retry delay, so that it is sent again only if no acknowledgement came.
 *
 * <p>On a half-duplex link the far station's ACKs get the channel only once this station stops
 * transmitting: a TNC keeps the transmitter keyed for as long as it is fed. So at most a window
 * of {@link #WINDOW_FRAMES} full frames goes out unacknowledged (one larger message alone), and
 * each retry delay also covers the airtime of that window, since the send future completes when
 * the TNC takes the frames, not when they have been aired.
 *
 * <p>Not thread-safe: every method runs on the station's single thread ({@code stationThread}).
 */
public final class LinkScheduler {

    /** Full frames sent unacknowledged on a half-duplex link before the scheduler pauses; AX.25's window k defaults to 4. */
    public static final int WINDOW_FRAMES = 4;

    /**
     * Messages whose sends are remembered for progress reports ({@link #transmission}); an ACK
     * forgets one, and beyond this many the one sent longest ago is forgotten. A radio link has far
     * fewer unacknowledged messages than this; each costs about 100 bytes.
     */
    public static final int TRACKED_SENDS = 1_024;

    /**
     * Single-frame messages under way at once on a full-duplex link with ACKs: enough to keep a
     * loopback or LAN connection busy while the store commits the previous batch, few enough that
     * one peek reads them in one query.
     */
    public static final int PIPELINE_MESSAGES = 256;

    /** A message sent and not yet acknowledged: its bytes on air, and when its retry delay runs out. */
    private record InFlight(long onAirBytes, long retryAtNanos) {
    }

    /**
     * What this scheduler knows of sending one message since it started.
     *
     * @param sends         transmissions completed (the link took every frame of it)
     * @param lastSentNanos the station's {@code nanoTime} when the last one completed; 0 when {@code sends} is 0
     * @param sendingNow    whether it is being sent at this moment
     */
    public record Transmission(int sends, long lastSentNanos, boolean sendingNow) {
    }

    private final String linkName;
    private final Link link;
    private final MessageQueue queue;
    private Fragmenter fragmenter;
    private final Backoff retryBackoff;
    private final boolean peerAcknowledges;
    private final Executor stationThread;
    private final LongSupplier nanoTime;
    private final BooleanSupplier canCarry;
    /** The one station this queue's messages are for, sent to by address; null to send to every peer of the link. */
    private LinkAddress farStation;
    /** The link's duty cycle, or null for none: a message goes only when the bucket has its airtime. */
    private TokenBucket dutyCycle;
    private long dutyCycleWaits;
    /**
     * Messages sent once over a link that delivers reliably itself, waiting for the far station's
     * ACK: no timer re-sends them; a lost session does.
     */
    private final Set<MessageId> awaitingAck = new LinkedHashSet<>();
    /** Bytes on air that may be outstanding without an ACK; unbounded unless half duplex with ACKs. */
    private long windowBytes;
    private final Map<MessageId, InFlight> inFlight = new LinkedHashMap<>();
    private final Map<MessageId, Transmission> sends = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageId, Transmission> eldest) {
            return size() > TRACKED_SENDS;
        }
    };
    /** Messages being sent now, and until their send is recorded. */
    private final Set<MessageId> sendingNow = new HashSet<>();
    /**
     * Messages sent or being sent whose record is not durable yet, and acknowledged ones whose
     * removal is not: the queue still offers them as due, so they are not taken from it meanwhile.
     */
    private final Set<MessageId> settling = new HashSet<>();
    /** {@link #PIPELINE_MESSAGES} on a full-duplex link with ACKs, else 1. */
    private final int maxSettling;
    /** Room in {@link #settling} a pump waits for before it peeks: half the pipeline, or 1. */
    private final int refill;
    /** A message of several frames is being sent: nothing else goes out until it is, so its frames stay together. */
    private boolean exclusive;
    private boolean pumping;
    private boolean pumpAgain;
    /** Sends wait until this nanoTime after the queue failed to record one (see {@link #afterSend}). */
    private long holdUntil;
    private boolean holding;
    /** Sends in a row whose retry delay could not be stored: the in-memory backoff grows with them. */
    private int unrecorded;
    /**
     * Transmissions on this link since the far station last acknowledged anything. Backoff follows
     * it rather than a message's own attempts: while ACKs still come, the link works, and a message
     * that was merely unlucky is tried again soon instead of waiting minutes on an idle channel.
     */
    private int sendsSinceAck;
    private boolean closed;
    private long messagesSent;
    private long retransmissions;

    /**
     * @param peerAcknowledges true if the far station answers with ACK messages; false for
     *                         broadcast-only links, where each message is sent its configured repeats
     * @param nanoTime         the station's monotonic time, which also drives the queue's retry delays
     */
    public LinkScheduler(String linkName, Link link, MessageQueue queue, Fragmenter fragmenter,
            Backoff retryBackoff, boolean peerAcknowledges, Executor stationThread, LongSupplier nanoTime) {
        this(linkName, link, queue, fragmenter, retryBackoff, peerAcknowledges, stationThread, nanoTime, () -> true);
    }

    /**
     * @param canCarry whether the link can carry queued traffic now beyond being up and writable:
     *                 on a link with sessions, whether a session is up
     */
    public LinkScheduler(String linkName, Link link, MessageQueue queue, Fragmenter fragmenter,
            Backoff retryBackoff, boolean peerAcknowledges, Executor stationThread, LongSupplier nanoTime,
            BooleanSupplier canCarry) {
        this.canCarry = Objects.requireNonNull(canCarry, "canCarry");
        this.linkName = Objects.requireNonNull(linkName, "linkName");
        this.link = Objects.requireNonNull(link, "link");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.fragmenter = Objects.requireNonNull(fragmenter, "fragmenter");
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        this.peerAcknowledges = peerAcknowledges;
        this.stationThread = Objects.requireNonNull(stationThread, "stationThread");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.windowBytes = windowBytes(link.profile());
        this.maxSettling = peerAcknowledges && link.profile().duplex() == LinkProfile.Duplex.FULL ? PIPELINE_MESSAGES : 1;
        this.refill = Math.max(1, maxSettling / 2);
    }

    /** Bytes on air that may be outstanding without an ACK on a link of {@code profile}. */
    private long windowBytes(LinkProfile profile) {
        return peerAcknowledges && profile.duplex() == LinkProfile.Duplex.HALF
                ? (long) Math.min(WINDOW_FRAMES, profile.window()) * profile.onAirBytes(profile.mtu()) : Long.MAX_VALUE;
    }

    /**
     * The link's profile changed (a modem changed speed level or MTU): messages from now on are
     * framed by {@code refitted} and the window follows the new figures; a message being sent
     * finishes as it was framed.
     */
    public void profileChanged(Fragmenter refitted) {
        this.fragmenter = Objects.requireNonNull(refitted, "refitted");
        this.windowBytes = windowBytes(link.profile());
    }

    /** Sends the next ready messages if the link can take them now; call on any event that may unblock it. */
    public void pump() {
        // A send or record that completes at once calls back in here: it is taken as a request for
        // another round, never run inside this one's loop over what it peeked.
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        // Refilled by halves: each peek reads up to maxSettling rows, so it waits until half of them can go out.
        if (settling.size() > maxSettling - refill || exclusive || closed || link.state() != LinkState.UP
                || !link.isWritable() || !canCarry.getAsBoolean()) {
            return;
        }
        if (holding && nanoTime.getAsLong() - holdUntil < 0) {
            return;
        }
        holding = false;
        List<QueuedMessage> ready;
        try {
            ready = queue.peek(maxSettling);
        } catch (StoreException e) {
            Logger.error("link {}: cannot read its queue: {}", linkName, e.getMessage());
            return;
        }
        Set<MessageId> sentHere = new HashSet<>();
        for (QueuedMessage message : ready) {
            if (settling.size() >= maxSettling || exclusive || !link.isWritable()) {
                return;
            }
            if (settling.contains(message.id()) || !sentHere.add(message.id())) {
                continue;
            }
            if (!send(message)) {
                return;
            }
        }
    }

    /** Sends {@code message} unless it must wait (window full, or its frames would mix with others'); false if it waits. */
    private boolean send(QueuedMessage message) {
        List<byte[]> frames = fragmenter.frames(message.payload(), message.hops());
        if (frames.size() > 1 && !settling.isEmpty()) {
            return false;
        }
        long onAirBytes = frames.stream().mapToLong(f -> link.profile().onAirBytes(f.length)).sum();
        if (!windowHasRoom(message.id(), onAirBytes) || !dutyCycleAllows(onAirBytes)) {
            return false;
        }
        settling.add(message.id());
        sendingNow.add(message.id());
        exclusive = frames.size() > 1;
        if (message.attempts() > 0) {
            retransmissions++;
        }
        Logger.debug("link {}: sending {} ({} bytes, {} frames, attempt {})", linkName, message.id().shortHex(),
                message.payload().length, frames.size(), message.attempts() + 1);
        sendInOrder(frames).whenComplete((ignored, error) -> stationThread.execute(() -> afterSend(message, onAirBytes, error)));
        return true;
    }

    /**
     * Sends this queue's messages to {@code station} only ({@link Link#send(LinkAddress, byte[])}),
     * never to another peer that happens to be in session; by default they go to every peer.
     */
    public void sendOnlyTo(LinkAddress station) {
        this.farStation = Objects.requireNonNull(station, "station");
    }

    /**
     * Limits this link to its duty cycle: each message is charged its bytes on air, and the next
     * one waits until the bucket has refilled (DESIGN.md, "Bandwidth awareness").
     */
    public void limitDutyCycle(TokenBucket bucket) {
        this.dutyCycle = Objects.requireNonNull(bucket, "bucket");
    }

    /** Messages held back at least once because the duty cycle was used up. */
    public long dutyCycleWaits() {
        return dutyCycleWaits;
    }

    private boolean dutyCycleAllows(long onAirBytes) {
        if (dutyCycle == null) {
            return true;
        }
        long wait = dutyCycle.delayNanosFor((int) Math.min(onAirBytes, dutyCycle.burstBytes()));
        if (wait > 0) {
            dutyCycleWaits++;
            holding = true;
            holdUntil = nanoTime.getAsLong() + wait;
            return false;
        }
        dutyCycle.charge(onAirBytes);
        return true;
    }

    /** Whether {@code id} may go out now without overfilling the window; always true with nothing outstanding. */
    private boolean windowHasRoom(MessageId id, long onAirBytes) {
        if (windowBytes == Long.MAX_VALUE) {
            return true;
        }
        long now = nanoTime.getAsLong();
        // A message whose retry delay ran out without an ACK no longer holds the channel's ACK back.
        inFlight.values().removeIf(f -> now - f.retryAtNanos() >= 0);
        inFlight.remove(id);
        long outstanding = inFlight.values().stream().mapToLong(InFlight::onAirBytes).sum();
        return outstanding == 0 || outstanding + onAirBytes <= windowBytes;
    }

    /**
     * The wait for an ACK after a send: the policy's delay, plus on a windowed link the airtime of
     * what may still go out, ahead of it or after it, before the far station can answer.
     */
    private Duration retryDelay(QueuedMessage message, long onAirBytes) {
        Duration delay = retryBackoff.delayAfter(backoffAttempts(message));
        if (windowBytes == Long.MAX_VALUE) {
            return delay;
        }
        long outstanding = inFlight.values().stream().mapToLong(InFlight::onAirBytes).sum() + onAirBytes;
        long airNanos = Math.round(Math.max(outstanding, windowBytes) * 8.0 * 1e9 / link.profile().bitrate());
        return delay.plusNanos(airNanos);
    }

    /** The attempt number backoff uses: the message's own, but no more than the link's silence warrants. */
    private int backoffAttempts(QueuedMessage message) {
        return Math.min(message.attempts() + 1, sendsSinceAck + 1);
    }

    private CompletableFuture<Void> sendInOrder(List<byte[]> frames) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (byte[] frame : frames) {
            chain = chain.thenCompose(ignored -> farStation == null ? link.broadcast(frame) : link.send(farStation, frame));
        }
        return chain;
    }

    private void afterSend(QueuedMessage message, long onAirBytes, Throwable error) {
        exclusive = false;
        long sentNanos = nanoTime.getAsLong();
        CompletableFuture<Void> recorded;
        if (error != null) {
            inFlight.remove(message.id());
            // Not aired: try again after the link's base delay; the attempt still counts for backoff.
            Logger.warn("link {}: sending {} failed: {}", linkName, message.id().shortHex(), rootMessage(error));
            recorded = queue.retryLaterAsync(message.id(), retryBackoff.delayAfter(message.attempts() + 1));
        } else if (peerAcknowledges && link.profile().reliable()) {
            // The link's own ARQ carries it: no re-send on a timer, only if the session is lost
            // (or, as a safety net, after the longest retry delay).
            messagesSent++;
            sendsSinceAck++;
            awaitingAck.add(message.id());
            recorded = queue.retryLaterAsync(message.id(), MAX_RETRY_DELAY);
        } else if (peerAcknowledges) {
            messagesSent++;
            Duration delay = retryDelay(message, onAirBytes);
            sendsSinceAck++;
            if (windowBytes != Long.MAX_VALUE) {
                inFlight.put(message.id(), new InFlight(onAirBytes, nanoTime.getAsLong() + delay.toNanos()));
            }
            recorded = queue.retryLaterAsync(message.id(), delay);
        } else {
            messagesSent++;
            recorded = markSent(message.id(), retryBackoff.delayAfter(message.attempts() + 1));
        }
        // Recorded without the station thread waiting: a burst of sends shares the store's commits.
        recorded.whenComplete((ignored, failure) -> stationThread.execute(() -> afterRecord(message, error == null, sentNanos, failure)));
        pump();
    }

    private CompletableFuture<Void> markSent(MessageId id, Duration delay) {
        try {
            queue.markSent(id, delay);
            return CompletableFuture.completedFuture(null);
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The send of {@code message} is recorded (or could not be): the queue may offer it again once its delay ran out. */
    private void afterRecord(QueuedMessage message, boolean sent, long sentNanos, Throwable failure) {
        settling.remove(message.id());
        // Reported as being sent until now, so that progress never shows a send without its next attempt.
        sendingNow.remove(message.id());
        if (sent) {
            Transmission before = sends.remove(message.id()); // re-inserted: the eldest is the one sent longest ago
            sends.put(message.id(), new Transmission(before == null ? 1 : before.sends() + 1, sentNanos, false));
        }
        if (failure == null) {
            unrecorded = 0;
        } else {
            // The queue still offers the message as due: without a hold it would go out again at once,
            // over and over, for as long as the store fails. Keep the backoff in memory instead.
            unrecorded++;
            Duration hold = retryBackoff.delayAfter(message.attempts() + unrecorded);
            holding = true;
            holdUntil = nanoTime.getAsLong() + hold.toNanos();
            Logger.error("link {}: cannot record the send of {}: {}; sending nothing for {}", linkName,
                    message.id().shortHex(), rootMessage(failure), hold);
        }
        pump();
    }

    /**
     * The session that carried the messages still waiting for their ACK ended: the far station may
     * not have them, so they are due again (as re-sends) once a session is up.
     */
    public void sessionLost() {
        if (closed) {
            // The station is stopping and its links close their sessions: the store may be closing too.
            // What awaits its ACK stays queued as sent and goes again after the restart.
            return;
        }
        for (MessageId id : awaitingAck) {
            try {
                queue.retryLater(id, Duration.ZERO);
            } catch (StoreException e) {
                Logger.error("link {}: cannot reschedule {}: {}", linkName, id.shortHex(), e.getMessage());
            }
        }
        if (!awaitingAck.isEmpty()) {
            Logger.info("link {}: session lost before {} message(s) were acknowledged; they go again in the next one",
                    linkName, awaitingAck.size());
        }
        awaitingAck.clear();
        inFlight.clear();
    }

    /** The far station confirmed {@code id}: it leaves the queue for good. */
    public void acknowledged(MessageId id) {
        awaitingAck.remove(id);
        if (inFlight.containsKey(id)) {
            resendEarlierUnacknowledged(id);
        }
        inFlight.remove(id);
        sends.remove(id);
        sendsSinceAck = 0;
        // Not waited for, but set aside until it commits so that it is not sent again meanwhile;
        // should the commit fail it goes out once more, and the far station acknowledges a duplicate.
        settling.add(id);
        queue.ackAsync(id).whenComplete((ignored, failure) -> stationThread.execute(() -> {
            if (failure != null) {
                Logger.error("link {}: cannot remove acknowledged {}: {}", linkName, id.shortHex(), rootMessage(failure));
            }
            settling.remove(id);
            pump();
        }));
        pump();
    }

    /**
     * The far station answers in the order it heard: an ACK for a later message means an earlier one
     * still outstanding (or its ACK) was lost. Send it again now instead of holding the window, and
     * the idle channel, until its retry delay runs out.
     */
    private void resendEarlierUnacknowledged(MessageId acknowledged) {
        List<MessageId> earlier = new ArrayList<>();
        for (MessageId sent : inFlight.keySet()) {
            if (sent.equals(acknowledged)) {
                break;
            }
            earlier.add(sent);
        }
        for (MessageId lost : earlier) {
            inFlight.remove(lost);
            try {
                queue.retryLater(lost, Duration.ZERO);
                Logger.debug("link {}: {} overtaken by a later ACK, sending it again", linkName, lost.shortHex());
            } catch (StoreException e) {
                Logger.error("link {}: cannot reschedule {}: {}", linkName, lost.shortHex(), e.getMessage());
            }
        }
    }

    /**
     * Messages sent on this link and not acknowledged yet whose id starts with {@code prefix}: what
     * an ACK naming that prefix may mean (the last {@link #TRACKED_SENDS} sent, and those being sent).
     */
    public List<MessageId> sentMatching(IdPrefix prefix) {
        List<MessageId> matches = new ArrayList<>();
        for (MessageId id : sends.keySet()) {
            if (prefix.matches(id)) {
                matches.add(id);
            }
        }
        for (MessageId id : sendingNow) {
            if (prefix.matches(id) && !matches.contains(id)) {
                matches.add(id);
            }
        }
        return matches;
    }

    /** What this scheduler knows of sending {@code id}: empty if it has not sent it (or has forgotten, see {@link #TRACKED_SENDS}). */
    public Optional<Transmission> transmission(MessageId id) {
        Transmission known = sends.get(id);
        boolean now = sendingNow.contains(id);
        if (known == null) {
            return now ? Optional.of(new Transmission(0, 0, true)) : Optional.empty();
        }
        return Optional.of(now ? new Transmission(known.sends(), known.lastSentNanos(), true) : known);
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long retransmissions() {
        return retransmissions;
    }

    public void close() {
        closed = true;
    }

    /**
     * Re-sends stop doubling at this many times the link's base delay: a retry then costs a few
     * percent of the channel's time at most, and a lossy but working link never leaves a message
     * waiting many minutes on an idle channel.
     */
    public static final int MAX_BASE_MULTIPLE = 16;

    /** ...and never wait longer than this, however slow the link: an outage should not hide a link for hours. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);

    /**
     * The re-send backoff of a link whose base delay is {@code base}: capped at 16 times it, or
     * {@link #MAX_RETRY_DELAY}, but never below the base itself (a JS8 link's round trip alone can
     * take longer than ten minutes).
     */
    public static Backoff retryBackoff(Duration base, RandomGenerator random) {
        Duration multiple = base.multipliedBy(MAX_BASE_MULTIPLE);
        Duration cap = multiple.compareTo(MAX_RETRY_DELAY) < 0 ? multiple : MAX_RETRY_DELAY;
        return new Backoff(base, cap.compareTo(base) < 0 ? base : cap, Backoff.Jitter.SPREAD, random);
    }

    /** Base retry delay for a link: long enough for one full frame out, the channel turned round, and an ACK back. */
    public static Duration baseRetryDelay(LinkProfile profile) {
        Duration roundTrip = profile.airtime(profile.mtu()).multipliedBy(3)
                .plus(profile.turnaround().multipliedBy(2))
                .plus(profile.keyUp().multipliedBy(2))
                .plus(profile.airtime(64));
        Duration floor = Duration.ofSeconds(2);
        return roundTrip.compareTo(floor) < 0 ? floor : roundTrip;
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
