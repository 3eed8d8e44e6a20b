package org.skywave.bridge.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.InMemoryMessageQueue;
import org.skywave.bridge.store.Priority;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;
import org.skywave.transport.LinkUri;
import org.skywave.transport.ax25.Callsign;
import org.skywave.transport.support.Backoff;
import org.skywave.transport.LinkUriException;

/**
 * The scheduler over a link that takes every frame at once, as a TNC does: on a half-duplex
 * link it must stop after a window so the far station can answer, and wait long enough for
 * that answer.
 */
class LinkSchedulerTest {

    private static final long SEED = 4_2024L;

    /** Time moved by hand: the queue's retry delays and the scheduler's window run on it. */
    private static final class ManualTime extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");
        private long nanos;

        void advance(Duration d) {
            now = now.plus(d);
            nanos += d.toNanos();
        }

        long nanoTime() {
            return nanos;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }

    /** A link that is always up and writable and takes frames immediately, like a TNC's KISS port. */
    private static final class EagerLink implements Link {
        private final LinkProfile profile;
        private final LinkUri uri;
        final List<byte[]> sent = new ArrayList<>();
        /** While set, a send completes only when the test calls {@link #release()}, as if the TNC were still busy. */
        boolean hold;
        private final List<CompletableFuture<Void>> held = new ArrayList<>();

        EagerLink(LinkProfile profile) throws LinkUriException {
            this.profile = profile;
            this.uri = LinkUri.parse("kiss-tcp://127.0.0.1:8001");
        }

        long onAirBytes() {
            return sent.stream().mapToLong(f -> profile.onAirBytes(f.length)).sum();
        }

        @Override
        public LinkUri uri() {
            return uri;
        }

        @Override
        public LinkProfile profile() {
            return profile;
        }

        @Override
        public LinkState state() {
            return LinkState.UP;
        }

        @Override
        public CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
            return broadcast(frame);
        }

        @Override
        public LinkAddress peerAddress(String text) {
            return Callsign.parse(text);
        }

        @Override
        public CompletableFuture<Void> broadcast(byte[] frame) {
            sent.add(frame.clone());
            if (hold) {
                CompletableFuture<Void> later = new CompletableFuture<>();
                held.add(later);
                return later;
            }
            return CompletableFuture.completedFuture(null);
        }

        void release() {
            List<CompletableFuture<Void>> now = new ArrayList<>(held);
            held.clear();
            now.forEach(f -> f.complete(null));
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public LinkStats stats() {
            return new LinkStats();
        }

        @Override
        public void close() {
        }
    }

    private final ManualTime time = new ManualTime();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue("radio", StoreOptions.builder().clock(time).build());
    private final SplittableRandom random = new SplittableRandom(SEED);

    private LinkScheduler scheduler(EagerLink link, Backoff policy) {
        System.out.println("[LinkSchedulerTest] seed " + SEED);
        Fragmenter fragmenter = new Fragmenter(link.profile().mtu(), FrameAuthenticator.NONE, false, 0);
        return new LinkScheduler("radio", link, queue, fragmenter, policy, true, Runnable::run, time::nanoTime);
    }

    private List<MessageId> offer(int count, int size) throws StoreException {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            MessageId id = MessageId.of(Arrays.copyOf(payload, MessageId.LENGTH));
            queue.offer(QueuedMessage.of(id, "radio", Priority.TX, payload, time.instant(), Duration.ofHours(1)));
            ids.add(id);
        }
        return ids;
    }

    private static Backoff policy(LinkProfile profile) {
        return new Backoff(LinkScheduler.baseRetryDelay(profile), LinkScheduler.MAX_RETRY_DELAY, Backoff.Jitter.SPREAD,
                new SplittableRandom(SEED));
    }

    @Test
    @DisplayName("a session lost while the station stops touches no queue entry: they go again after the restart")
    void sessionLostAfterCloseLeavesTheQueueAlone() throws Exception {
        LinkProfile reliable = LinkProfiles.TCP.withReliable(true);
        EagerLink link = new EagerLink(reliable);
        LinkScheduler scheduler = scheduler(link, policy(reliable));
        List<MessageId> ids = offer(2, 100);
        scheduler.pump();
        assertEquals(2, link.sent.size(), "both sent once over the link's ARQ");
        assertEquals(0, queue.peek(10).size(), "nothing due while the ACKs are awaited");

        scheduler.close();
        scheduler.sessionLost();
        assertEquals(0, queue.peek(10).size(), "not rescheduled by a closing station");
        assertEquals(ids.size(), queue.stats().depth(), "still queued for the restart");
    }

    @Test
    void aLinkWhoseRoundTripExceedsTheRetryCapWaitsAtLeastItsBaseDelay() {
        // JS8 Turbo with its 640-byte MTU: three MTUs of air alone are about 31 minutes.
        LinkProfile js8Turbo = org.skywave.transport.js8call.Js8Speed.TURBO.profile(40);
        Duration base = LinkScheduler.baseRetryDelay(js8Turbo);
        assertTrue(base.compareTo(LinkScheduler.MAX_RETRY_DELAY) > 0, "base " + base);
        org.skywave.transport.support.Backoff backoff = LinkScheduler.retryBackoff(base, new SplittableRandom(1));
        assertEquals(base, backoff.ceiling(1));
        assertEquals(base, backoff.ceiling(5), "never doubles beyond the base when the base is past the cap");
    }

    @Test
    @DisplayName("half duplex: stops after a window of unacknowledged frames, goes on as ACKs come")
    void halfDuplexLinkPausesAtTheWindowUntilAcknowledged() throws Exception {
        LinkProfile profile = LinkProfiles.AX25_1200;
        EagerLink link = new EagerLink(profile);
        LinkScheduler scheduler = scheduler(link, policy(profile));
        List<MessageId> ids = offer(10, 380); // two frames each at MTU 256

        scheduler.pump();
        long window = (long) LinkScheduler.WINDOW_FRAMES * profile.onAirBytes(profile.mtu());
        assertTrue(link.onAirBytes() > 0, "nothing sent");
        assertTrue(link.onAirBytes() <= window, "sent " + link.onAirBytes() + " bytes on air without an ACK; window " + window);
        assertEquals(2, scheduler.messagesSent(), "messages out before the first ACK");

        scheduler.pump();
        assertEquals(2, scheduler.messagesSent(), "a pump without an ACK sends nothing more");

        scheduler.acknowledged(ids.get(0));
        assertEquals(3, scheduler.messagesSent(), "one ACK frees room for one more message");
        for (MessageId id : ids) {
            scheduler.acknowledged(id);
        }
        assertEquals(10, scheduler.messagesSent());
        assertEquals(0, scheduler.retransmissions());
        assertEquals(0, queue.stats().depth());
    }

    @Test
    @DisplayName("remembers each message's sends, and the one under way, until the far station acknowledges it")
    void remembersSendsUntilAcknowledged() throws Exception {
        LinkProfile profile = LinkProfiles.AX25_1200;
        EagerLink link = new EagerLink(profile);
        link.hold = true;
        Backoff policy = policy(profile);
        LinkScheduler scheduler = scheduler(link, policy);
        MessageId id = offer(1, 100).get(0);
        assertEquals(Optional.empty(), scheduler.transmission(id), "not sent yet");

        scheduler.pump();
        assertEquals(Optional.of(new LinkScheduler.Transmission(0, 0, true)), scheduler.transmission(id), "the TNC has it");
        time.advance(Duration.ofSeconds(1));
        link.release();
        long firstSent = time.nanoTime();
        assertEquals(Optional.of(new LinkScheduler.Transmission(1, firstSent, false)), scheduler.transmission(id));

        time.advance(LinkScheduler.MAX_RETRY_DELAY.multipliedBy(2)); // no ACK: it goes again
        scheduler.pump();
        assertEquals(Optional.of(new LinkScheduler.Transmission(1, firstSent, true)), scheduler.transmission(id));
        link.release();
        assertEquals(Optional.of(new LinkScheduler.Transmission(2, time.nanoTime(), false)), scheduler.transmission(id));

        scheduler.acknowledged(id);
        assertEquals(Optional.empty(), scheduler.transmission(id), "acknowledged: forgotten");
    }

    @Test
    @DisplayName("half duplex: a message larger than the window still goes out alone")
    void messageLargerThanTheWindowGoesOutAlone() throws Exception {
        LinkProfile profile = LinkProfiles.AX25_1200;
        EagerLink link = new EagerLink(profile);
        LinkScheduler scheduler = scheduler(link, policy(profile));
        List<MessageId> ids = offer(2, LinkScheduler.WINDOW_FRAMES * profile.mtu() + 100);

        scheduler.pump();
        assertEquals(1, scheduler.messagesSent());
        scheduler.acknowledged(ids.get(0));
        assertEquals(2, scheduler.messagesSent());
    }

    @Test
    @DisplayName("half duplex: the retry delay covers the airtime of the window, which the TNC still holds")
    void retryDelayCoversTheAirtimeOfTheWindow() throws Exception {
        LinkProfile profile = LinkProfiles.AX25_1200;
        EagerLink link = new EagerLink(profile);
        Backoff policy = policy(profile);
        LinkScheduler scheduler = scheduler(link, policy);
        offer(1, 380);

        scheduler.pump();
        assertEquals(1, scheduler.messagesSent());
        // The longest the policy alone waits (jitter 1.25): the frames handed over may not even have been aired yet.
        time.advance(policy.base().multipliedBy(5).dividedBy(4).plusMillis(1));
        scheduler.pump();
        assertEquals(0, scheduler.retransmissions(), "re-sent before the window could have been aired and answered");

        Duration windowAir = profile.airtime(profile.mtu()).multipliedBy(LinkScheduler.WINDOW_FRAMES);
        time.advance(windowAir);
        scheduler.pump();
        assertEquals(1, scheduler.retransmissions(), "not re-sent once the delay and the window's airtime passed without an ACK");
    }

    @Test
    @DisplayName("an unanswered message stops holding the window once its retry delay ran out")
    void expiredMessagesLeaveTheWindow() throws Exception {
        LinkProfile profile = LinkProfiles.AX25_1200;
        EagerLink link = new EagerLink(profile);
        Backoff policy = policy(profile);
        LinkScheduler scheduler = scheduler(link, policy);
        List<MessageId> ids = offer(3, 380);

        scheduler.pump();
        assertEquals(2, scheduler.messagesSent());
        time.advance(LinkScheduler.MAX_RETRY_DELAY);
        scheduler.pump();
        // Both re-sent (they are first in the queue), no ACK ever came: the window counts them afresh.
        assertEquals(2, scheduler.retransmissions());
        assertEquals(4, scheduler.messagesSent());
        scheduler.acknowledged(ids.get(0));
        scheduler.acknowledged(ids.get(1));
        assertEquals(5, scheduler.messagesSent(), "the third message after the ACKs");
    }

    @Test
    @DisplayName("full duplex: no window, the link's back-pressure alone paces the sender")
    void fullDuplexLinkIsNotWindowed() throws Exception {
        EagerLink link = new EagerLink(LinkProfiles.TCP);
        LinkScheduler scheduler = scheduler(link, policy(LinkProfiles.TCP));
        offer(10, 380);

        scheduler.pump();
        assertEquals(10, scheduler.messagesSent(),
                link.sent.stream().map(f -> String.valueOf(f.length)).collect(Collectors.joining(",", "frames ", "")));
    }

    @Test
    @DisplayName("backoff follows the link's silence: once ACKs come again, an unlucky message is retried soon")
    void backoffFollowsTheLinkNotTheMessage() throws Exception {
        EagerLink link = new EagerLink(LinkProfiles.TCP);
        Backoff policy = policy(LinkProfiles.TCP);
        LinkScheduler scheduler = scheduler(link, policy);
        Duration longestFirstWait = policy.base().multipliedBy(5).dividedBy(4).plusMillis(1);
        MessageId unlucky = offer(1, 200).get(0);

        scheduler.pump();
        time.advance(longestFirstWait);
        scheduler.pump();
        assertEquals(1, scheduler.retransmissions(), "first retry after the base delay");
        time.advance(longestFirstWait);
        scheduler.pump();
        assertEquals(1, scheduler.retransmissions(), "no ACK at all on the link: the wait doubled");

        MessageId lucky = offer(1, 200).get(0);
        time.advance(policy.base().multipliedBy(4));
        scheduler.pump();
        assertEquals(2, scheduler.retransmissions(), "unlucky re-sent after the doubled wait");
        assertEquals(4, scheduler.messagesSent(), "and the new message went out too");
        scheduler.acknowledged(lucky);

        time.advance(policy.base().multipliedBy(10));
        scheduler.pump();
        assertEquals(3, scheduler.retransmissions(), "unlucky's third retry");
        time.advance(longestFirstWait);
        scheduler.pump();
        assertEquals(4, scheduler.retransmissions(),
                "the link answered an ACK just before: the retry after it waits the base delay, not 8 times it");
        scheduler.acknowledged(unlucky);
        assertEquals(0, queue.stats().depth());
    }

    @Test
    @DisplayName("half duplex: an ACK for a later message re-sends an earlier unanswered one at once")
    void laterAckResendsTheEarlierMessageAtOnce() throws Exception {
        LinkProfile profile = LinkProfiles.AX25_1200;
        EagerLink link = new EagerLink(profile);
        LinkScheduler scheduler = scheduler(link, policy(profile));
        List<MessageId> ids = offer(2, 380);

        scheduler.pump();
        assertEquals(2, scheduler.messagesSent(), "both fit the window");
        scheduler.acknowledged(ids.get(1));
        assertEquals(1, scheduler.retransmissions(), "the first was overtaken by the second's ACK: sent again without waiting");
        assertEquals(1, queue.stats().depth());
        scheduler.acknowledged(ids.get(0));
        assertEquals(0, queue.stats().depth());
    }

    @Test
    void aLinksReSendsStopDoublingAtSixteenTimesItsBase() {
        Duration base = Duration.ofSeconds(8);
        Backoff fast = LinkScheduler.retryBackoff(base, new SplittableRandom(7));
        long longest = 0;
        for (int i = 0; i < 500; i++) {
            longest = Math.max(longest, fast.delayAfter(30).toNanos());
        }
        assertTrue(longest < 1.25 * 16 * base.toNanos() && longest > 15 * base.toNanos(), "longest " + longest);

        Backoff slow = LinkScheduler.retryBackoff(Duration.ofMinutes(6), new SplittableRandom(7));
        assertTrue(slow.delayAfter(30).toNanos() < 1.25 * LinkScheduler.MAX_RETRY_DELAY.toNanos(),
                "a slow link still stops at " + LinkScheduler.MAX_RETRY_DELAY);
    }

    @Test
    void aLinkWhoseBaseDelayPassesTheMaximumWaitsItsBase() {
        // JS8 Slow: one round trip of a full frame takes longer than the usual maximum.
        Duration base = LinkScheduler.MAX_RETRY_DELAY.plusMinutes(6);
        long longest = LinkScheduler.retryBackoff(base, new SplittableRandom(7)).delayAfter(30).toNanos();
        assertTrue(longest >= 0.75 * base.toNanos() && longest < 1.25 * base.toNanos(), "longest " + longest);
    }
}
