package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkState;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.skywave.transport.testing.VaraAirChannel;
import org.skywave.transport.testing.VaraModemEmulator;

/** The VARA client against two strict emulated modems on one simulated channel (1/50 of real VARA timing). */
class VaraLinkTest {

    private VaraStations stations;

    @AfterEach
    void stop() {
        if (stations != null) {
            stations.close();
        }
    }

    private static VaraAddress call(String text) {
        return VaraAddress.parse(text);
    }

    private static void assertNoViolations(VaraStations s) {
        assertEquals(List.of(), s.modemA.violations(), "modem A");
        assertEquals(List.of(), s.modemB.violations(), "modem B");
    }

    @Test
    void aSessionOpensOnDemandCarriesFramesBothWaysAndClosesWhenIdle() throws Exception {
        stations = VaraStations.started(VaraModemEmulator.Kind.HF, "idle=0.5&bw=500", "idle=30");
        VaraStations s = stations;
        assertTrue(s.a.profile().reliable(), "the modem's ARQ makes the link reliable");
        assertEquals(List.of("MYCALL N0CALL-1", "BW500", "P2P SESSION", "COMPRESSION OFF", "LISTEN ON", "VERSION"),
                s.modemA.commands().subList(0, 6), "set-up: MYCALL, bandwidth, P2P session mode, LISTEN (vara.md section 5)");

        CompletableFuture<Void> sent = s.a.broadcast(new byte[] {1, 2, 3});
        assertEquals(null, sent.get(60, TimeUnit.SECONDS));
        s.await(() -> s.bEvents.frameCount() == 1, "frame at B");
        InboundFrame atB = s.bEvents.frames().get(0);
        assertEquals(call("N0CALL-1"), atB.from());
        assertArrayEquals(new byte[] {1, 2, 3}, atB.payload());
        assertTrue(s.aEvents.sessionEvents().stream().anyMatch(e -> e.state() == SessionState.UP && e.peer().equals(call("N0CALL-2"))));
        assertTrue(s.bEvents.sessionEvents().stream().anyMatch(e -> e.state() == SessionState.UP && e.detail().contains("called in")));
        assertEquals(1260, (int) s.a.profile().bitrate(), "profile follows the session's 500 Hz bandwidth");

        assertEquals(null, s.b.send(atB.from(), new byte[] {9, 8}).get(60, TimeUnit.SECONDS), "B answers in the same session");
        s.await(() -> s.aEvents.frameCount() == 1, "answer at A");
        assertArrayEquals(new byte[] {9, 8}, s.aEvents.frames().get(0).payload());

        s.await(() -> s.aEvents.count(SessionState.DOWN) == 1 && s.bEvents.count(SessionState.DOWN) == 1, "idle close on both sides");
        assertTrue(s.aEvents.sessionEvents().stream().anyMatch(e -> e.state() == SessionState.CLOSING && e.detail().startsWith("idle")));
        assertTrue(s.modemA.commands().contains("DISCONNECT"));
        assertEquals(1, s.air.sessions());
        assertNoViolations(s);
    }

    @Test
    void sendToAStationWithNoSessionFailsAndABroadcastWithNoPeerFails() throws Exception {
        stations = VaraStations.started(VaraModemEmulator.Kind.HF, "", "");
        Throwable noSession = assertThrowsCause(stations.a.send(call("N0CALL-2"), new byte[] {1}));
        assertTrue(noSession.getMessage().contains("no session with N0CALL-2"), noSession.getMessage());
        Throwable noPeer = assertThrowsCause(stations.b.broadcast(new byte[] {1}));
        assertTrue(noPeer.getMessage().contains("no peer is configured"), noPeer.getMessage());
    }

    @Test
    void anInboundCallFromAStationNotAllowedIsHungUp() throws Exception {
        VaraStations s = VaraStations.modems(VaraModemEmulator.Kind.HF, VaraAirChannel.Conditions.clear().scaled(0.02), Duration.ofSeconds(60));
        stations = s;
        s.a = s.open(s.modemA, "N0CALL-1", "peers=N0CALL-2", s.aEvents);
        s.b = s.open(s.modemB, "N0CALL-2", "allow=N0CALL-9", s.bEvents);
        s.await(() -> s.a.state() == LinkState.UP && s.b.state() == LinkState.UP, "links up");
        s.a.openSession(call("N0CALL-2"));
        s.await(() -> s.aEvents.count(SessionState.DOWN) == 1, "A's session ended by B");
        assertEquals(0, s.bEvents.sessionEvents().size(), "B reports no session with a caller it does not allow: " + s.bEvents.sessionEvents());
        assertTrue(s.modemB.commands().contains("DISCONNECT"));
        assertNoViolations(s);
    }

    @Test
    void wrongForOptionalSettingsIsToleratedWrongForMycallKeepsTheLinkDown() throws Exception {
        VaraStations s = VaraStations.modems(VaraModemEmulator.Kind.HF, VaraAirChannel.Conditions.clear().scaled(0.02), Duration.ofSeconds(60));
        stations = s;
        s.modemA.refuse("VERSION");
        s.modemA.refuse("P2P");
        s.modemB.refuse("MYCALL");
        s.a = s.open(s.modemA, "N0CALL-1", "peers=N0CALL-2", s.aEvents);
        s.b = s.open(s.modemB, "N0CALL-2", "", s.bEvents);
        s.await(() -> s.a.state() == LinkState.UP, "A up although its modem refuses VERSION and P2P SESSION");
        s.await(() -> s.bEvents.stateDetails().stream().anyMatch(d -> d.contains("refused 'MYCALL N0CALL-2' (WRONG)")), "B down: MYCALL refused");
        assertEquals(LinkState.DOWN, s.b.state());
        s.modemA.refuse("CONNECT");
        s.a.openSession(call("N0CALL-2"));
        s.await(() -> s.aEvents.count(SessionState.FAILED) == 1, "call refused");
        assertTrue(s.aEvents.sessionEvents().get(s.aEvents.sessionEvents().size() - 1).detail().contains("WRONG"));
    }

    @Test
    void aBusyChannelDelaysTheCallUntilBusyOff() throws Exception {
        stations = VaraStations.started(VaraModemEmulator.Kind.HF, "", "");
        VaraStations s = stations;
        s.air.setBusy(true);
        s.await(() -> s.a.isChannelBusy(), "A sees BUSY ON");
        s.a.openSession(call("N0CALL-2"));
        s.await(() -> s.aEvents.count(SessionState.OPENING) == 1, "opening");
        Thread.sleep(300);
        assertFalse(s.modemA.commands().stream().anyMatch(c -> c.startsWith("CONNECT")), "no CONNECT while busy");
        s.air.setBusy(false);
        s.await(() -> s.aEvents.count(SessionState.UP) == 1, "session up after BUSY OFF");
        assertEquals(List.of(true, false), s.aEvents.busy());
        assertNoViolations(s);
    }

    @Test
    void aCallNobodyAnswersFailsAndADropEndsTheSessionOnBothSidesThenANewOneCarriesOn() throws Exception {
        stations = VaraStations.started(VaraModemEmulator.Kind.HF, "", "");
        VaraStations s = stations;
        s.a.openSession(call("N9NONE"));
        s.await(() -> s.aEvents.count(SessionState.FAILED) == 1, "no answer");
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(s.a.broadcast(new byte[1000]));
        }
        s.await(() -> s.bEvents.frameCount() >= 2, "transfer under way");
        s.air.dropSession();
        s.await(() -> s.aEvents.count(SessionState.DOWN) == 1 && s.bEvents.count(SessionState.DOWN) == 1, "both sides down");
        s.await(() -> sent.stream().allMatch(CompletableFuture::isDone), "every send settled");
        long failed = sent.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        assertTrue(failed > 0, "frames still waiting for the modem fail, so the station keeps them queued");
        int before = s.bEvents.frameCount();
        assertTrue(before < 40, "the drop cut the transfer short: " + before);
        assertEquals(null, s.a.broadcast(new byte[] {42}).get(60, TimeUnit.SECONDS), "a broadcast opens a new session");
        s.await(() -> s.bEvents.frameCount() > before && s.bEvents.frames().get(s.bEvents.frameCount() - 1).payload()[0] == 42, "new session carries on");
        assertEquals(2, s.air.sessions());
        assertNoViolations(s);
    }

    @Test
    void aFloodMuchLargerThanTheModemBufferIsHeldBackAndArrivesInOrder() throws Exception {
        stations = VaraStations.started(VaraModemEmulator.Kind.HF, "", "");
        VaraStations s = stations;
        int frames = 150;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            byte[] f = new byte[1000];
            f[0] = (byte) i;
            f[999] = (byte) (i >> 8);
            sent.add(s.a.broadcast(f));
        }
        int highWater = ((VaraLink) s.a).highWaterBytes();
        assertTrue(frames * 1002 > 30 * highWater, "the flood is much larger than what the modem may hold");
        s.await(() -> s.bEvents.frameCount() == frames, frames + " frames at B");
        for (int i = 0; i < frames; i++) {
            byte[] got = s.bEvents.frames().get(i).payload();
            assertEquals((byte) i, got[0]);
            assertEquals((byte) (i >> 8), got[999]);
        }
        assertTrue(sent.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
        assertTrue(s.aEvents.writability().contains(false), "the link said it was unwritable while the modem was full");
        assertTrue(s.a.isWritable(), "and writable again once drained");
        assertTrue(s.modemA.maxQueued() <= 2 * highWater + 1002,
                "the modem never held much more than the high-water mark: " + s.modemA.maxQueued() + " > " + highWater);
        assertNoViolations(s);
    }

    @Test
    void aRestartedModemIsDialledAgain() throws Exception {
        VaraStations s = VaraStations.modems(VaraModemEmulator.Kind.FM, VaraAirChannel.Conditions.clear().scaled(0.02),
                Duration.ofSeconds(60));
        stations = s;
        s.a = s.open(s.modemA, "N0CALL-1", "peers=N0CALL-2", s.aEvents);
        s.b = s.open(s.modemB, "N0CALL-2", "allow=N0CALL-1", s.bEvents);
        s.await(() -> s.a.state() == LinkState.UP && s.b.state() == LinkState.UP, "links up");
        int cmd = s.modemA.commandPort();
        int data = s.modemA.dataPort();
        s.modemA.close();
        s.await(() -> s.a.state() == LinkState.DOWN, "A down with its modem");
        VaraModemEmulator restarted = restartOn(s, cmd, data);
        try {
            s.await(() -> s.a.state() == LinkState.UP, "A up again on the restarted modem");
            assertEquals(null, s.a.broadcast(new byte[] {5}).get(60, TimeUnit.SECONDS));
            s.await(() -> s.bEvents.frameCount() == 1, "frame through the restarted modem");
            assertEquals(List.of(), restarted.violations());
            assertTrue(restarted.commands().stream().noneMatch(c -> c.startsWith("BW") || c.contains("SESSION")), "no HF commands on FM");
        } finally {
            restarted.close();
        }
    }

    /** The modem again on the same ports; another socket may hold one for a moment, so binding is retried a bounded number of times. */
    private static VaraModemEmulator restartOn(VaraStations s, int cmd, int data) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return VaraModemEmulator.start(VaraModemEmulator.Kind.FM, s.air, cmd, data, Duration.ofSeconds(60));
            } catch (java.net.BindException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aModemThatStopsAnsweringTakesTheLinkDown() throws Exception {
        VaraStations s = VaraStations.modems(VaraModemEmulator.Kind.HF, VaraAirChannel.Conditions.clear().scaled(0.02), Duration.ofSeconds(60));
        stations = s;
        s.a = s.open(s.modemA, "N0CALL-1", "peers=N0CALL-2&alive-timeout=0.5&reply-timeout=0.5", s.aEvents);
        s.await(() -> s.a.state() == LinkState.UP, "up");
        s.modemA.stopAnswering();
        s.await(() -> s.a.state() == LinkState.DOWN, "down after silence");
        assertTrue(s.aEvents.stateDetails().stream().anyMatch(d -> d.contains("no line from the modem") || d.contains("did not answer")),
                s.aEvents.stateDetails().toString());
    }

    @Test
    void fmCallsThroughDigipeatersAndReportsTheNarrowBandwidth() throws Exception {
        VaraStations s = VaraStations.modems(VaraModemEmulator.Kind.FM, VaraAirChannel.Conditions.clear().scaled(0.02), Duration.ofSeconds(60));
        stations = s;
        s.modemB.setFmBandwidth("NARROW");
        s.a = s.open(s.modemA, "N0CALL-1", "peers=N0CALL-2&via=DIGI1,DIGI2", s.aEvents);
        s.b = s.open(s.modemB, "N0CALL-2", "allow=*", s.bEvents);
        s.await(() -> s.a.state() == LinkState.UP && s.b.state() == LinkState.UP, "up");
        s.a.broadcast(new byte[] {1}).get(60, TimeUnit.SECONDS);
        assertTrue(s.modemA.commands().contains("CONNECT N0CALL-1 N0CALL-2 VIA DIGI1 DIGI2"), s.modemA.commands().toString());
        assertEquals(9567, (int) s.a.profile().bitrate());
        assertTrue(s.aEvents.profiles().stream().anyMatch(p -> p.name().equals("vara-fm-narrow")));
        assertNoViolations(s);
    }

    @Test
    void aScheduleWindowOpensASessionWithNothingQueuedWhichClosesWhenIdle() throws Exception {
        VaraStations s = VaraStations.modems(VaraModemEmulator.Kind.HF, VaraAirChannel.Conditions.clear().scaled(0.02), Duration.ofSeconds(60));
        stations = s;
        // A clock 0.5 s before a whole minute, so the every-minute window comes at once.
        java.time.Instant now = java.time.Instant.now();
        java.time.Duration toWindow = java.time.Duration.ofMillis(60_000 - now.toEpochMilli() % 60_000 - 500);
        java.time.Clock clock = java.time.Clock.offset(java.time.Clock.systemUTC(), toWindow);
        s.a = new VaraTransport(clock, new java.util.Random(3)).open(org.skywave.transport.LinkUri.parse(
                s.uri(s.modemA, "N0CALL-1", "peers=N0CALL-2&every=1&idle=0.5")), s.aEvents);
        s.b = s.open(s.modemB, "N0CALL-2", "allow=N0CALL-1", s.bEvents);
        s.await(() -> s.aEvents.count(SessionState.UP) == 1, "a session at the window");
        s.await(() -> s.aEvents.count(SessionState.DOWN) == 1, "closed when idle");
        assertEquals(0, s.aEvents.frameCount() + s.bEvents.frameCount(), "nothing was queued");
        assertNoViolations(s);
    }

    @Test
    void aBannedStationIsHungUpNotCalledAndNotLetInUntilItsTimeIsUp() throws Exception {
        stations = VaraStations.started(VaraModemEmulator.Kind.HF, "allow=N0CALL-2", "peers=N0CALL-1");
        VaraStations s = stations;
        s.a.broadcast(new byte[] {1}).get(60, TimeUnit.SECONDS);
        s.await(() -> s.bEvents.frameCount() == 1, "session up and carrying");
        assertTrue(s.a.disconnect(call("N0CALL-2"), Duration.ofHours(1), "ban score reached"));
        s.await(() -> s.aEvents.count(SessionState.DOWN) == 1, "the banned station's session ended");
        s.a.openSession(call("N0CALL-2"));
        s.await(() -> s.aEvents.count(SessionState.FAILED) == 1, "no call to a banned station");
        assertTrue(s.aEvents.sessionEvents().get(s.aEvents.sessionEvents().size() - 1).detail().contains("banned"));
        s.b.openSession(call("N0CALL-1"));
        s.await(() -> s.bEvents.count(SessionState.DOWN) == 2, "B's call is hung up by A");
        assertEquals(1, s.aEvents.count(SessionState.UP), "A never took B's call: " + s.aEvents.sessionEvents());
        assertNoViolations(s);
    }

    private static Throwable assertThrowsCause(CompletableFuture<Void> future) throws Exception {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(TransportException.class, e.getCause());
        }
        throw new AssertionError("expected the send to fail");
    }
}
