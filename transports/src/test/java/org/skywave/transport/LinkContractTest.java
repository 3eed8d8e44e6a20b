package org.skywave.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Link} must do, run against each transport by a subclass that opens a pair
 * of links joined to each other and knows how to wait on them (real time for sockets, a
 * virtual clock for simulated links).
 */
public abstract class LinkContractTest {

    /** Fixed so a failure repeats; printed in assertion messages. */
    protected static final long SEED = 0x5EED_2025L;

    /** Two links joined to each other and both UP, each with the listener that records what it reported. */
    public record LinkPair(Link a, Recorder aEvents, Link b, Recorder bEvents) {
    }

    /** Opens two links joined to each other and waits until both are UP. */
    protected abstract LinkPair openPair() throws Exception;

    /**
     * Waits until {@code condition} holds, failing the test with {@code what} after a bounded
     * time. Simulated links advance their clock here instead of sleeping.
     */
    protected abstract void await(BooleanSupplier condition, String what);

    /**
     * Whether a link hears that the far end left: true for connections and the simulated channel;
     * false for a radio channel without sessions (KISS UI), where frames go out whether or not
     * anyone listens.
     */
    protected boolean seesTheFarEndLeave() {
        return true;
    }

    /**
     * How many frames each way {@link #manyFramesKeepTheirOrderInBothDirections} sends, and the
     * sizes {@link #everySizeFromOneToMtuArrivesIntact} sweeps (1 to this, then the MTU and a few
     * random ones): smaller for a keyboard-speed link, where each frame is a message on the air.
     */
    protected int framesForOrder() {
        return 500;
    }

    protected int sizesSwept() {
        return 300;
    }

    protected int randomSizes() {
        return 16;
    }

    /** Bytes on air the link counts for one frame of {@code payload} bytes: the profile's per-frame overhead by default. */
    protected int expectedOnAirBytes(Link link, int payload) {
        return link.profile().onAirBytes(payload);
    }

    /** Polls {@code condition} every few milliseconds for at most {@code waitMs}: for links on real sockets and ptys. */
    protected static void awaitRealTime(BooleanSupplier condition, String what, long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + waitMs + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }

    /** Records everything a link reports; safe to read from the test thread. */
    public static final class Recorder implements LinkListener {

        /** One session report, as the link gave it. */
        public record Session(LinkAddress peer, SessionState state, String detail) {
        }

        private final List<InboundFrame> frames = new ArrayList<>();
        private final List<LinkState> states = new ArrayList<>();
        private final List<String> stateDetails = new ArrayList<>();
        private final List<Boolean> writability = new ArrayList<>();
        private final List<Session> sessions = new ArrayList<>();
        private final List<LinkProfile> profiles = new ArrayList<>();
        private final List<Boolean> busy = new ArrayList<>();

        @Override
        public synchronized void onFrame(InboundFrame frame) {
            frames.add(frame);
        }

        @Override
        public synchronized void onStateChanged(LinkState state, String detail) {
            states.add(state);
            stateDetails.add(state + ": " + detail);
        }

        @Override
        public synchronized void onWritabilityChanged(boolean writable) {
            writability.add(writable);
        }

        @Override
        public synchronized void onSession(LinkAddress peer, SessionState state, String detail) {
            sessions.add(new Session(peer, state, detail));
        }

        @Override
        public synchronized void onProfileChanged(LinkProfile profile, String detail) {
            profiles.add(profile);
        }

        @Override
        public synchronized void onChannelBusy(boolean nowBusy) {
            busy.add(nowBusy);
        }

        /** Session events as {@code "UP N0CALL-2"}, in order. */
        public synchronized List<String> sessions() {
            return sessions.stream().map(e -> e.state() + " " + e.peer()).toList();
        }

        /** Session events with their details, in order. */
        public synchronized List<Session> sessionEvents() {
            return new ArrayList<>(sessions);
        }

        /** How many sessions were reported in {@code state}. */
        public synchronized long count(SessionState state) {
            return sessions.stream().filter(s -> s.state() == state).count();
        }

        public synchronized List<InboundFrame> frames() {
            return new ArrayList<>(frames);
        }

        public synchronized int frameCount() {
            return frames.size();
        }

        public synchronized List<LinkState> states() {
            return new ArrayList<>(states);
        }

        /** State changes as {@code "DOWN: why"}, in order. */
        public synchronized List<String> stateDetails() {
            return new ArrayList<>(stateDetails);
        }

        public synchronized LinkState lastState() {
            return states.isEmpty() ? null : states.get(states.size() - 1);
        }

        public synchronized boolean saw(LinkState state) {
            return states.contains(state);
        }

        public synchronized List<Boolean> writability() {
            return new ArrayList<>(writability);
        }

        public synchronized List<LinkProfile> profiles() {
            return new ArrayList<>(profiles);
        }

        public synchronized List<Boolean> busy() {
            return new ArrayList<>(busy);
        }
    }

    /** Waits for {@code future} to finish and returns how it ended: null on success, else the cause. */
    protected Throwable awaitOutcome(CompletableFuture<?> future, String what) {
        await(future::isDone, what);
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void framesRoundTripByteIdenticalBothWays() throws Exception {
        LinkPair pair = openPair();
        Random random = new Random(SEED);
        byte[] toB = randomBytes(random, 100);
        byte[] toA = randomBytes(random, 37);

        assertTrue(pair.a().isWritable(), "a fresh link is writable");
        assertNull(awaitOutcome(pair.a().broadcast(toB), "send a->b"));
        assertNull(awaitOutcome(pair.b().broadcast(toA), "send b->a"));
        await(() -> pair.bEvents().frameCount() == 1 && pair.aEvents().frameCount() == 1, "one frame each way");

        InboundFrame atB = pair.bEvents().frames().get(0);
        InboundFrame atA = pair.aEvents().frames().get(0);
        assertArrayEquals(toB, atB.payload());
        assertArrayEquals(toA, atA.payload());
        assertNotNull(atB.from());
        assertFalse(atB.from().toString().isEmpty(), "sender address prints as something an operator can read");
    }

    private static void assertNull(Throwable outcome) {
        if (outcome != null) {
            throw new AssertionError("expected success, got " + outcome, outcome);
        }
    }

    @Test
    void aReplySentToTheSendersAddressReachesIt() throws Exception {
        LinkPair pair = openPair();
        assertNull(awaitOutcome(pair.b().broadcast(new byte[] {1}), "broadcast b->a"));
        await(() -> pair.aEvents().frameCount() == 1, "frame at a");
        LinkAddress b = pair.aEvents().frames().get(0).from();
        assertEquals(b, pair.a().peerAddress(b.toString()), "the printed address parses back to the same peer");

        assertNull(awaitOutcome(pair.a().send(b, new byte[] {2, 3}), "send a->b addressed to " + b));
        await(() -> pair.bEvents().frameCount() == 1, "addressed frame at b");
        assertArrayEquals(new byte[] {2, 3}, pair.bEvents().frames().get(0).payload());
    }

    @Test
    void everySizeFromOneToMtuArrivesIntact() throws Exception {
        LinkPair pair = openPair();
        int mtu = pair.a().profile().mtu();
        Random random = new Random(SEED);
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int size = 1; size <= Math.min(mtu, sizesSwept()); size++) {
            sizes.add(size);
        }
        sizes.add(mtu - 1 > 0 ? mtu - 1 : 1);
        sizes.add(mtu);
        for (int i = 0; i < randomSizes(); i++) {
            sizes.add(1 + random.nextInt(mtu));
        }
        List<byte[]> sent = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int size : sizes) {
            byte[] frame = randomBytes(random, size);
            sent.add(frame);
            futures.add(pair.a().broadcast(frame));
        }
        await(() -> pair.bEvents().frameCount() >= sent.size(), sent.size() + " frames of 1.." + mtu + " bytes");
        for (CompletableFuture<Void> f : futures) {
            assertNull(awaitOutcome(f, "send"));
        }
        List<InboundFrame> got = pair.bEvents().frames();
        assertEquals(sent.size(), got.size(), "frames received (seed " + SEED + ")");
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), got.get(i).payload(), "frame " + i + " of " + sent.get(i).length + " bytes (seed " + SEED + ")");
        }
        assertEquals(sent.size(), pair.a().stats().framesSent());
        assertEquals(sent.size(), pair.b().stats().framesReceived());
    }

    @Test
    void manyFramesKeepTheirOrderInBothDirections() throws Exception {
        LinkPair pair = openPair();
        int count = framesForOrder();
        for (int i = 0; i < count; i++) {
            pair.a().broadcast(("a" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            pair.b().broadcast(("b" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        await(() -> pair.aEvents().frameCount() >= count && pair.bEvents().frameCount() >= count, count + " frames each way");
        List<InboundFrame> atB = pair.bEvents().frames();
        List<InboundFrame> atA = pair.aEvents().frames();
        assertEquals(count, atB.size());
        assertEquals(count, atA.size());
        for (int i = 0; i < count; i++) {
            assertEquals("a" + i, new String(atB.get(i).payload(), java.nio.charset.StandardCharsets.US_ASCII), "order at b");
            assertEquals("b" + i, new String(atA.get(i).payload(), java.nio.charset.StandardCharsets.US_ASCII), "order at a");
        }
    }

    @Test
    void sendCompletesAndCountsTheFrame() throws Exception {
        LinkPair pair = openPair();
        assertNull(awaitOutcome(pair.a().broadcast(new byte[42]), "send"));
        await(() -> pair.bEvents().frameCount() == 1, "frame at b");
        LinkStats sent = pair.a().stats();
        assertEquals(1, sent.framesSent());
        assertEquals(42, sent.payloadBytesSent());
        long frame = expectedOnAirBytes(pair.a(), 42);
        assertTrue(sent.onAirBytes() == frame || sent.onAirBytes() == frame + pair.a().profile().keyUpBytes(),
                "on-air bytes " + sent.onAirBytes() + ": the frame with the link's per-frame overhead (" + frame
                        + "), plus the key-up where the link counts it");
        assertEquals(1, pair.b().stats().framesReceived());
        assertEquals(42, pair.b().stats().payloadBytesReceived());
    }

    /** Protected: a link whose far end is reached through a modem session (VARA) says what "goes down" means there. */
    @Test
    protected void sendAfterCloseFailsAndTheOtherEndGoesDown() throws Exception {
        LinkPair pair = openPair();
        pair.b().close();
        Throwable outcome = awaitOutcome(pair.b().broadcast(new byte[] {1, 2, 3}), "send after close");
        assertInstanceOf(TransportException.class, outcome, "send on a closed link fails with TransportException");
        if (pair.a().opensSessionsOnDemand()) {
            await(() -> pair.aEvents().sessions().stream().anyMatch(e -> e.startsWith("DOWN ")), "the session ends at the other end");
            Throwable toNobody = awaitOutcome(pair.a().broadcast(new byte[] {4}), "send with no session");
            assertInstanceOf(TransportException.class, toNobody, "send with the far end gone fails");
        } else if (seesTheFarEndLeave()) {
            await(() -> pair.aEvents().saw(LinkState.DOWN), "the other end reports DOWN");
            Throwable toNobody = awaitOutcome(pair.a().broadcast(new byte[] {4}), "send with no far end");
            assertInstanceOf(TransportException.class, toNobody, "send with the far end gone fails");
        } else {
            assertNull(awaitOutcome(pair.a().broadcast(new byte[] {4}), "send on a channel nobody listens to"));
            assertEquals(LinkState.UP, pair.a().state(), "a channel without sessions cannot tell who listens");
        }
    }

    @Test
    void sessionsAreReportedWithTheAddressFramesComeFrom() throws Exception {
        LinkPair pair = openPair();
        assertNull(awaitOutcome(pair.b().broadcast(new byte[] {9}), "broadcast b->a"));
        await(() -> pair.aEvents().frameCount() == 1, "frame at a");
        LinkAddress b = pair.aEvents().frames().get(0).from();
        if (pair.a().hasSessions()) {
            await(() -> pair.aEvents().sessions().contains("UP " + b), "a session UP with " + b + " at a");
            pair.b().close();
            await(() -> pair.aEvents().sessions().contains("DOWN " + b), "the session with " + b + " DOWN at a");
        } else {
            assertEquals(List.of(), pair.aEvents().sessions(), "a link without sessions reports none");
            assertFalse(pair.a().opensSessionsOnDemand());
            assertThrows(UnsupportedOperationException.class, () -> pair.a().openSession(b));
        }
    }

    @Test
    void stateReachesUpThenClosed() throws Exception {
        LinkPair pair = openPair();
        assertEquals(LinkState.UP, pair.a().state());
        assertEquals(LinkState.UP, pair.b().state());
        pair.a().close();
        pair.a().close(); // idempotent
        assertEquals(LinkState.CLOSED, pair.a().state());
        await(() -> pair.aEvents().saw(LinkState.CLOSED), "CLOSED reported");
        List<LinkState> states = pair.aEvents().states();
        assertTrue(states.indexOf(LinkState.UP) >= 0 && states.indexOf(LinkState.UP) < states.indexOf(LinkState.CLOSED),
                "UP before CLOSED: " + states);
        assertEquals(LinkState.CLOSED, states.get(states.size() - 1), "CLOSED is final: " + states);
        assertEquals(1, states.stream().filter(s -> s == LinkState.CLOSED).count(), "CLOSED reported once: " + states);
    }

    @Test
    void oversizeAndEmptySendsAreRefused() throws Exception {
        LinkPair pair = openPair();
        int mtu = pair.a().profile().mtu();
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> pair.a().broadcast(new byte[mtu + 1]));
        assertTrue(tooBig.getMessage().contains(String.valueOf(mtu + 1)) && tooBig.getMessage().contains(String.valueOf(mtu)),
                "message names size and limit: " + tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pair.a().broadcast(new byte[0]));
        assertThrows(NullPointerException.class, () -> pair.a().broadcast(null));
        assertEquals(0, pair.a().stats().framesSent(), "nothing was sent");
    }

    @Test
    void senderArrayMayBeReusedAfterSend() throws Exception {
        LinkPair pair = openPair();
        byte[] buffer = {10, 20, 30};
        CompletableFuture<Void> sent = pair.a().broadcast(buffer);
        buffer[0] = 99;
        assertNull(awaitOutcome(sent, "send"));
        await(() -> pair.bEvents().frameCount() == 1, "frame at b");
        assertArrayEquals(new byte[] {10, 20, 30}, pair.bEvents().frames().get(0).payload(), "the link copied the frame at send");
    }
}
