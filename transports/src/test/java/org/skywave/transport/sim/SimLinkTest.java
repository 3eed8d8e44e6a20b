package org.skywave.transport.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkContractTest.Recorder;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.TransportException;

/** The simulated channel's timing, loss, back-pressure and outages, on a virtual clock. */
class SimLinkTest {

    static final long SEED = 1_200L;

    private final VirtualClock clock = new VirtualClock();
    private final SimTransport transport = new SimTransport(clock, SEED);
    private final Recorder aEvents = new Recorder();
    private final Recorder bEvents = new Recorder();
    private SimLink a;
    private SimLink b;

    @AfterEach
    void stop() {
        transport.shutdown();
    }

    private void openPair(String uriA, String uriB) throws Exception {
        a = transport.open(LinkUri.parse(uriA), aEvents);
        b = transport.open(LinkUri.parse(uriB), bEvents);
    }

    private void openPair(String uri) throws Exception {
        openPair(uri, uri);
    }

    /** Records the clock when {@code future} completes normally, for exact timing assertions. */
    private List<Long> completionTimes(List<CompletableFuture<Void>> futures) {
        List<Long> times = new ArrayList<>();
        for (CompletableFuture<Void> f : futures) {
            f.thenRun(() -> times.add(clock.nanoTime()));
        }
        return times;
    }

    private static Throwable failure(CompletableFuture<Void> future) {
        assertTrue(future.isDone(), "future is done");
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    private static long nanos(LinkProfile profile, int payload) {
        return profile.airtime(payload).toNanos();
    }

    /** A frame that opens a transmission: its airtime plus the key-up (TX delay and tail). */
    private static long keyed(LinkProfile profile, int payload) {
        return nanos(profile, payload) + profile.keyUp().toNanos();
    }

    @Test
    void airtimeOfTwoHundredBytesAt1200BitPerSecondIsExact() throws Exception {
        openPair("sim:ax25-1200");
        assertEquals(19, LinkProfiles.AX25_1200.frameOverhead(), "addresses, control, PID, FCS and a flag");
        assertEquals(Duration.ofMillis(400), LinkProfiles.AX25_1200.keyUp(), "300 ms TXDELAY and 100 ms TXTAIL");
        long expected = Duration.ofMillis(1860).toNanos(); // (200 + 19) * 8 / 1200 s + 400 ms
        CompletableFuture<Void> sent = a.broadcast(new byte[200]);
        clock.advanceBy(Duration.ofNanos(expected - 1));
        assertFalse(sent.isDone(), "still on the air 1 ns before the end");
        assertEquals(0, bEvents.frameCount());
        clock.advanceBy(Duration.ofNanos(1));
        assertTrue(sent.isDone() && !sent.isCompletedExceptionally(), "aired at exactly (200+19)*8/1200 s + 0.4 s");
        assertEquals(1, bEvents.frameCount(), "delivered as it finished airing (no latency set)");
        assertEquals(279, a.stats().onAirBytes(), "219 frame bytes and 60 bytes' worth of key-up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ax25-300", "ax25-1200", "ax25-9600", "vara-hf-2300", "js8-normal"})
    void everyProfileAirsAtItsBitrate(String profileName) throws Exception {
        openPair("sim:" + profileName);
        LinkProfile profile = LinkProfiles.named(profileName).orElseThrow();
        int size = profile.mtu();
        long expected = Math.round((size + profile.frameOverhead()) * 8.0 * 1e9 / profile.bitrate()) + profile.keyUp().toNanos();
        List<Long> done = completionTimes(List.of(a.broadcast(new byte[size])));
        clock.runUntilIdle(100);
        assertEquals(List.of(expected), done, profileName + ": " + size + " bytes");
    }

    @Test
    void bitrateOverrideChangesTheAirtime() throws Exception {
        openPair("sim:ax25-1200?bitrate=2400");
        assertEquals(2400, a.profile().bitrate());
        List<Long> done = completionTimes(List.of(a.broadcast(new byte[200])));
        clock.runUntilIdle(100);
        assertEquals(List.of(Duration.ofMillis(1130).toNanos()), done, "219 bytes at 2400 bit/s and the 400 ms key-up");
    }

    @Test
    void latencyIsAddedToDelivery() throws Exception {
        openPair("sim:ax25-1200?latency=250");
        CompletableFuture<Void> sent = a.broadcast(new byte[200]);
        clock.advanceBy(Duration.ofMillis(1860));
        assertTrue(sent.isDone(), "airing ends at 1.86 s");
        clock.advanceBy(Duration.ofMillis(249));
        assertEquals(0, bEvents.frameCount(), "not yet: 250 ms latency");
        clock.advanceBy(Duration.ofMillis(1));
        assertEquals(1, bEvents.frameCount());
    }

    @Test
    void framesFromOneSideGoBackToBackInOneTransmission() throws Exception {
        openPair("sim:ax25-1200");
        List<Long> done = completionTimes(List.of(a.broadcast(new byte[200]), a.broadcast(new byte[200])));
        clock.runUntilIdle(100);
        assertEquals(List.of(1_860_000_000L, 3_320_000_000L), done, "one key-up of 400 ms for both frames");
        assertEquals(2 * 219 + 60, a.stats().onAirBytes());
    }

    @Test
    void aFrameHandedOverAfterTheTxTailOpensANewTransmission() throws Exception {
        openPair("sim:ax25-1200");
        LinkProfile p = a.profile();
        List<Long> first = completionTimes(List.of(a.broadcast(new byte[200])));
        clock.runUntilIdle(100);
        clock.advanceBy(Duration.ofMillis(101)); // past the 100 ms TX tail
        long now = clock.nanoTime();
        List<Long> second = completionTimes(List.of(a.broadcast(new byte[200])));
        clock.runUntilIdle(100);
        assertEquals(List.of(keyed(p, 200)), first);
        assertEquals(List.of(now + keyed(p, 200)), second);
    }

    @Test
    void theSideOnTheAirKeepsItWhileItHasFramesQueued() throws Exception {
        openPair("sim:ax25-1200");
        LinkProfile p = a.profile();
        List<Long> aDone = new ArrayList<>();
        CompletableFuture<Void> firstA = a.broadcast(new byte[200]);
        List<Long> bDone = completionTimes(List.of(b.broadcast(new byte[50])));
        // A's second frame is handed over as its first ends (a TNC's queue), after B's was.
        firstA.thenRun(() -> aDone.add(clock.nanoTime())).thenRun(() -> a.broadcast(new byte[200])
                .thenRun(() -> aDone.add(clock.nanoTime())));
        clock.runUntilIdle(100);
        long aEnd = keyed(p, 200) + nanos(p, 200);
        assertEquals(List.of(keyed(p, 200), aEnd), aDone, "A's transmission goes on: B's carrier sense waits");
        assertEquals(List.of(aEnd + p.turnaround().toNanos() + keyed(p, 50)), bDone);
    }

    @Test
    void halfDuplexWaitsForTheOtherSideAndTurnsAround() throws Exception {
        openPair("sim:ax25-1200");
        LinkProfile p = a.profile();
        long turnaround = p.turnaround().toNanos();
        assertEquals(300_000_000L, turnaround);
        List<Long> aDone = completionTimes(List.of(a.broadcast(new byte[200])));
        List<Long> bDone = completionTimes(List.of(b.broadcast(new byte[100])));
        clock.runUntilIdle(100);
        long aEnd = keyed(p, 200);
        long bEnd = aEnd + turnaround + keyed(p, 100);
        assertEquals(List.of(aEnd), aDone);
        assertEquals(List.of(bEnd), bDone, "B keyed up only after A finished and the turnaround");

        // An idle channel needs no wait: the turnaround has long passed.
        clock.advanceBy(Duration.ofSeconds(10));
        long now = clock.nanoTime();
        List<Long> again = completionTimes(List.of(a.broadcast(new byte[10])));
        clock.runUntilIdle(100);
        assertEquals(List.of(now + keyed(p, 10)), again);
    }

    @Test
    void fullDuplexSidesSendAtOnce() throws Exception {
        openPair("sim:tcp");
        LinkProfile p = a.profile();
        assertEquals(LinkProfile.Duplex.FULL, p.duplex());
        List<Long> aDone = completionTimes(List.of(a.broadcast(new byte[1000])));
        List<Long> bDone = completionTimes(List.of(b.broadcast(new byte[1000])));
        clock.runUntilIdle(100);
        assertEquals(List.of(nanos(p, 1000)), aDone);
        assertEquals(List.of(nanos(p, 1000)), bDone);
    }

    @Test
    void lossRateOverTwoThousandFramesIsWithinFourSigma() throws Exception {
        openPair("sim:ax25-9600?loss=0.2");
        int frames = 2000;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            sent.add(a.broadcast(new byte[] {(byte) i}));
        }
        clock.runUntilIdle(100_000);
        for (CompletableFuture<Void> f : sent) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "a lost frame was still aired");
        }
        int delivered = bEvents.frameCount();
        double sigma = Math.sqrt(frames * 0.2 * 0.8);
        assertTrue(Math.abs(delivered - frames * 0.8) <= 4 * sigma,
                "delivered " + delivered + " of " + frames + " at loss 0.2, expected 1600 +- " + Math.round(4 * sigma) + " (seed " + SEED + ")");
        assertEquals(frames - delivered, a.stats().droppedFrames(), "every loss counted");
        assertEquals(frames, a.stats().framesSent());
        assertEquals(delivered, b.stats().framesReceived());
    }

    @Test
    void sameSeedLosesTheSameFrames() throws Exception {
        assertEquals(deliveredPattern(SEED), deliveredPattern(SEED));
        assertNotEquals(deliveredPattern(SEED), deliveredPattern(SEED + 1));
    }

    private static List<Integer> deliveredPattern(long seed) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimTransport sim = new SimTransport(clock, seed);
        Recorder events = new Recorder();
        SimLink from = sim.open(LinkUri.parse("sim:ax25-9600?loss=0.5"), new Recorder());
        sim.open(LinkUri.parse("sim:ax25-9600"), events);
        for (int i = 0; i < 200; i++) {
            from.broadcast(new byte[] {(byte) i});
        }
        clock.runUntilIdle(10_000);
        List<Integer> pattern = new ArrayList<>();
        for (InboundFrame frame : events.frames()) {
            pattern.add(frame.payload()[0] & 0xff);
        }
        sim.shutdown();
        return pattern;
    }

    @Test
    void anOutageFailsFramesReportsDownAndRecovers() throws Exception {
        openPair("sim:ax25-1200?latency=500");
        CompletableFuture<Void> delivered = a.broadcast(new byte[50]);
        clock.advanceBy(a.profile().airtime(50).plus(a.profile().keyUp())); // aired, now in flight for 500 ms
        assertTrue(delivered.isDone());
        CompletableFuture<Void> airing = a.broadcast(new byte[50]);
        CompletableFuture<Void> waiting = a.broadcast(new byte[50]);
        clock.advanceBy(Duration.ofMillis(100));

        SimChannel channel = transport.channel("ax25-1200");
        channel.setConnected(false);
        assertFalse(channel.isConnected());
        assertEquals(LinkState.DOWN, a.state());
        assertEquals(LinkState.DOWN, b.state());
        assertInstanceOf(TransportException.class, failure(airing));
        assertInstanceOf(TransportException.class, failure(waiting));
        CompletableFuture<Void> duringOutage = a.broadcast(new byte[50]);
        Throwable fast = failure(duringOutage);
        assertInstanceOf(TransportException.class, fast, "fails at once, before the clock moves");
        assertTrue(fast.getMessage().contains("disconnected"), fast.getMessage());

        clock.runUntilIdle(100);
        assertEquals(0, bEvents.frameCount(), "the frame in flight was lost in the outage");
        assertEquals(1, a.stats().droppedFrames());
        assertEquals(List.of(LinkState.UP, LinkState.DOWN), aEvents.states());
        assertEquals(List.of(LinkState.UP, LinkState.DOWN), bEvents.states());

        channel.setConnected(true);
        assertEquals(LinkState.UP, a.state());
        CompletableFuture<Void> after = b.broadcast(new byte[] {1, 2});
        clock.runUntilIdle(100);
        assertTrue(after.isDone() && !after.isCompletedExceptionally());
        assertEquals(1, aEvents.frameCount());
        assertEquals(List.of(LinkState.UP, LinkState.DOWN, LinkState.UP), bEvents.states());
    }

    @Test
    void closingAnEndFailsItsQueueAndDownsTheOther() throws Exception {
        openPair("sim:ax25-1200");
        List<CompletableFuture<Void>> sent = List.of(a.broadcast(new byte[10]), a.broadcast(new byte[10]), a.broadcast(new byte[10]));
        a.close();
        for (CompletableFuture<Void> f : sent) {
            assertInstanceOf(TransportException.class, failure(f));
        }
        assertEquals(LinkState.DOWN, b.state());
        clock.runUntilIdle(100);
        assertEquals(0, bEvents.frameCount());
        assertEquals(LinkState.DOWN, bEvents.states().get(bEvents.states().size() - 1));
    }

    @Test
    void aChannelNameIsFreeAgainOnceBothEndsClosed() throws Exception {
        openPair("sim:ax25-1200");
        a.close();
        b.close();
        assertThrows(IllegalArgumentException.class, () -> transport.channel("ax25-1200"));
        SimLink c = transport.open(LinkUri.parse("sim:ax25-1200"), new Recorder());
        assertEquals(new SimAddress("A"), c.address());
    }

    @Test
    void aThirdOpenOfAChannelIsRefused() throws Exception {
        openPair("sim:ax25-1200?channel=net");
        TransportException e = assertThrows(TransportException.class,
                () -> transport.open(LinkUri.parse("sim:ax25-1200?channel=net"), new Recorder()));
        assertTrue(e.getMessage().contains("'net' already has its two ends (A and B)"), e.getMessage());
    }

    @Test
    void bothEndsMustRunTheSameProfile() throws Exception {
        transport.open(LinkUri.parse("sim:ax25-1200?channel=x"), aEvents);
        TransportException e = assertThrows(TransportException.class,
                () -> transport.open(LinkUri.parse("sim:ax25-9600?channel=x"), bEvents));
        assertTrue(e.getMessage().contains("ax25-1200") && e.getMessage().contains("ax25-9600"), e.getMessage());
    }

    @Test
    void callsignsAreTheSendersAddress() throws Exception {
        openPair("sim:ax25-1200?callsign=N0CALL-1", "sim:ax25-1200?callsign=N0CALL-2");
        a.broadcast(new byte[] {1});
        b.broadcast(new byte[] {2});
        clock.runUntilIdle(100);
        assertEquals(new SimAddress("N0CALL-1"), bEvents.frames().get(0).from());
        assertEquals(new SimAddress("N0CALL-2"), aEvents.frames().get(0).from());
        assertEquals("N0CALL-1", bEvents.frames().get(0).from().toString());
    }

    @Test
    void aCallsignMayBeOnAChannelOnce() throws Exception {
        transport.open(LinkUri.parse("sim:ax25-1200?callsign=N0CALL"), aEvents);
        TransportException e = assertThrows(TransportException.class,
                () -> transport.open(LinkUri.parse("sim:ax25-1200?callsign=N0CALL"), bEvents));
        assertTrue(e.getMessage().contains("N0CALL is already on"), e.getMessage());
    }

    @Test
    void theFirstEndWaitsForTheSecond() throws Exception {
        SimLink alone = transport.open(LinkUri.parse("sim:ax25-1200"), aEvents);
        assertEquals(LinkState.CONNECTING, alone.state());
        Throwable e = failure(alone.broadcast(new byte[] {1}));
        assertTrue(e.getMessage().contains("other end"), e.getMessage());
    }

    @Test
    void backPressureOnAirtimeWaiting() throws Exception {
        openPair("sim:ax25-1200");
        a.broadcast(new byte[256]); // on the air at once
        assertTrue(a.isWritable(), "nothing waits yet");
        a.broadcast(new byte[256]); // waits: 1.83 s of air time, under 2 s
        assertTrue(a.isWritable());
        a.broadcast(new byte[256]); // waits too: 3.67 s > 2 s
        assertFalse(a.isWritable());
        clock.advanceBy(Duration.ZERO);
        assertEquals(List.of(false), aEvents.writability());
        clock.advanceBy(a.profile().airtime(256).plus(a.profile().keyUp()));
        assertTrue(a.isWritable(), "the waiting frame went on the air");
        assertEquals(List.of(false, true), aEvents.writability());
    }

    @Test
    void backPressureOnFramesWaiting() throws Exception {
        openPair("sim:tcp");
        a.broadcast(new byte[10]); // on the air
        for (int i = 0; i < SimLink.MAX_WAITING_FRAMES; i++) {
            a.broadcast(new byte[10]);
            assertTrue(a.isWritable(), (i + 1) + " waiting");
        }
        a.broadcast(new byte[10]);
        assertFalse(a.isWritable(), "more than " + SimLink.MAX_WAITING_FRAMES + " waiting");
        clock.runUntilIdle(100);
        assertTrue(a.isWritable());
        assertEquals(6, bEvents.frameCount(), "frames sent while not writable were queued, not dropped");
    }

    @Test
    void profileAndMtuOverride() throws Exception {
        openPair("sim:ax25-1200?mtu=64");
        assertEquals(LinkProfiles.AX25_1200.withMtu(64), a.profile());
        assertThrows(IllegalArgumentException.class, () -> a.broadcast(new byte[65]));
    }

    @Test
    void isARadioServingTheSimScheme() {
        assertTrue(transport.isRadio());
        assertEquals(java.util.Set.of("sim"), transport.schemes());
    }

    private String uriError(String uri) {
        LinkUriException e = assertThrows(LinkUriException.class, () -> transport.validate(LinkUri.parse(uri)));
        assertTrue(e.getMessage().contains(uri), "names the URI: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void unknownProfileListsTheKnownOnes() {
        String message = uriError("sim:ax25-2400");
        assertTrue(message.contains("unknown link profile 'ax25-2400' (known: ax25-300, ax25-1200, ax25-9600, vara-hf-2300, js8-normal, tcp)"), message);
    }

    @Test
    void badParametersAreRefusedClearly() {
        assertTrue(uriError("sim:ax25-1200?loss=1.5").contains("'loss' must be in 0.0..1.0 (got 1.5)"));
        assertTrue(uriError("sim:ax25-1200?loss=much").contains("'loss' must be a number"));
        assertTrue(uriError("sim:ax25-1200?latency=-1").contains("'latency' must be in 0..600000 (got -1)"));
        assertTrue(uriError("sim:ax25-1200?mtu=0").contains("'mtu' must be in 1.."));
        assertTrue(uriError("sim:ax25-1200?bitrate=0").contains("'bitrate' must be in 0.1.."));
        assertTrue(uriError("sim:ax25-1200?lose=0.1").contains("unknown parameter 'lose'"));
        assertTrue(uriError("sim:ax25-1200?callsign=N0_CALL").contains("'callsign'"));
        assertTrue(uriError("sim:ax25-1200?channel=a/b").contains("'channel'"));
        assertTrue(uriError("sim://ax25-1200").contains("needs a path or name, as in sim:ax25-1200"));
        assertTrue(uriError("tcp://127.0.0.1:1").contains("is not sim"));
    }

    @Test
    void onARealClockCallbacksRunOnTheClockThread() throws Exception {
        try (RealClock real = new RealClock()) {
            SimTransport sim = new SimTransport(real, SEED);
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch arrived = new CountDownLatch(1);
            SimLink from = sim.open(LinkUri.parse("sim:ax25-9600?bitrate=1000000"), new Recorder());
            sim.open(LinkUri.parse("sim:ax25-9600?bitrate=1000000"), new LinkListener() {
                @Override
                public void onFrame(InboundFrame frame) {
                    thread.set(Thread.currentThread().getName());
                    arrived.countDown();
                }
            });
            byte[] payload = {1, 2, 3, 4};
            from.broadcast(payload).get(5, TimeUnit.SECONDS);
            assertTrue(arrived.await(5, TimeUnit.SECONDS), "frame arrived");
            assertEquals("skywave-sim-clock", thread.get());
            sim.shutdown();
        }
    }

    @Test
    void deliveredBytesAreIdentical() throws Exception {
        openPair("sim:vara-hf-2300");
        byte[] frame = new byte[1024];
        new java.util.Random(SEED).nextBytes(frame);
        a.broadcast(frame);
        clock.runUntilIdle(100);
        assertArrayEquals(frame, bEvents.frames().get(0).payload());
        assertEquals(new SimAddress("A"), bEvents.frames().get(0).from());
    }
}
