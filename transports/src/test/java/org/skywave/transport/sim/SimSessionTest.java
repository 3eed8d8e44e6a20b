package org.skywave.transport.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkContractTest.Recorder;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;

/** The simulated link's connected mode, as a VARA modem: sessions on demand, on a virtual clock. */
class SimSessionTest {

    private static final String A = "sim:vara-hf-2300?channel=hf&session=on-demand&idle=60&arq=true&callsign=N0CALL-1";
    private static final String B = "sim:vara-hf-2300?channel=hf&session=on-demand&idle=60&arq=true&callsign=N0CALL-2";

    private final VirtualClock clock = new VirtualClock();
    private final SimTransport transport = new SimTransport(clock, 7);

    @AfterEach
    void stop() {
        transport.shutdown();
    }

    @Test
    void aCallToAStationNotThereFailsThenSucceedsOnceItIsAndCarriesFrames() throws Exception {
        Recorder aEvents = new Recorder();
        SimLink a = transport.open(LinkUri.parse(A), aEvents);
        clock.advanceBy(Duration.ofMillis(1));
        assertEquals(LinkState.UP, a.state(), "the modem is ready without a far station");
        assertTrue(a.opensSessionsOnDemand() && a.hasSessions() && a.profile().reliable());
        SimAddress b = new SimAddress("N0CALL-2");
        Throwable noSession = outcome(a.send(b, new byte[] {1}));
        assertInstanceOf(TransportException.class, noSession, "no frame without a session");

        a.openSession(b);
        clock.advanceBy(SimChannel.CALL_TIME.plusSeconds(1));
        assertEquals(List.of("OPENING N0CALL-2", "FAILED N0CALL-2"), aEvents.sessions());

        Recorder bEvents = new Recorder();
        SimLink bLink = transport.open(LinkUri.parse(B), bEvents);
        a.openSession(b);
        clock.advanceBy(SimChannel.CALL_TIME.plusSeconds(1));
        assertEquals("UP N0CALL-2", last(aEvents.sessions()));
        assertEquals(List.of("UP N0CALL-1"), bEvents.sessions(), "the called station hears the session with the caller");

        CompletableFuture<Void> sent = a.send(b, new byte[] {4, 5, 6});
        clock.advanceBy(Duration.ofSeconds(2));
        assertEquals(null, outcome(sent));
        assertArrayEquals(new byte[] {4, 5, 6}, bEvents.frames().get(0).payload());
        assertEquals("N0CALL-1", bEvents.frames().get(0).from().toString());
        assertInstanceOf(TransportException.class, outcome(a.send(new SimAddress("N0CALL-9"), new byte[] {1})),
                "no session with a third station");
        bLink.close();
    }

    @Test
    void anIdleSessionClosesAtBothEndsAndALeavingStationEndsIt() throws Exception {
        Recorder aEvents = new Recorder();
        SimLink a = transport.open(LinkUri.parse(A), aEvents);
        Recorder bEvents = new Recorder();
        SimLink b = transport.open(LinkUri.parse(B), bEvents);
        a.openSession(b.address());
        clock.advanceBy(SimChannel.CALL_TIME.plusSeconds(1));
        a.send(b.address(), new byte[] {1});
        clock.advanceBy(Duration.ofSeconds(50));
        assertEquals("UP N0CALL-2", last(aEvents.sessions()), "not idle yet");
        clock.advanceBy(Duration.ofSeconds(20));
        assertEquals(List.of("OPENING N0CALL-2", "UP N0CALL-2", "CLOSING N0CALL-2", "DOWN N0CALL-2"), aEvents.sessions());
        assertEquals(List.of("UP N0CALL-1", "CLOSING N0CALL-1", "DOWN N0CALL-1"), bEvents.sessions());
        assertEquals(LinkState.UP, a.state(), "the modem stays ready after the session");

        a.openSession(b.address());
        clock.advanceBy(SimChannel.CALL_TIME.plusSeconds(1));
        b.close();
        clock.advanceBy(Duration.ofSeconds(1));
        assertEquals("DOWN N0CALL-2", last(aEvents.sessions()), "the session ends when the far station leaves");
        assertFalse(aEvents.saw(LinkState.DOWN), "the link itself stays up");
        assertThrows(UnsupportedOperationException.class,
                () -> transport.open(LinkUri.parse("sim:ax25-1200?channel=ui"), new Recorder()).openSession(b.address()));
    }

    @Test
    void threeStationsShareOneNetOneSessionAtATimeAndFramesReachOnlyTheOtherEndOfIt() throws Exception {
        Recorder aEvents = new Recorder();
        SimLink a = transport.open(LinkUri.parse(A), aEvents);
        Recorder bEvents = new Recorder();
        SimLink b = transport.open(LinkUri.parse(B), bEvents);
        Recorder cEvents = new Recorder();
        SimLink c = transport.open(LinkUri.parse(A.replace("N0CALL-1", "N0CALL-3")), cEvents);
        clock.advanceBy(Duration.ofMillis(1));
        assertEquals(LinkState.UP, c.state(), "a third station joins a connected-mode channel");

        a.openSession(b.address());
        clock.advanceBy(SimChannel.CALL_TIME.plusSeconds(1));
        assertEquals("UP N0CALL-2", last(aEvents.sessions()));
        c.openSession(a.address());
        clock.advanceBy(Duration.ofMillis(1));
        assertEquals(List.of("FAILED N0CALL-1"), cEvents.sessions(), "the channel is busy with A and B's session");
        assertInstanceOf(TransportException.class, outcome(c.send(a.address(), new byte[] {9})), "C holds no session");
        CompletableFuture<Void> toB = a.send(b.address(), new byte[] {1, 2});
        clock.advanceBy(Duration.ofSeconds(2));
        assertEquals(null, outcome(toB));
        assertEquals(1, bEvents.frames().size());
        assertEquals(0, cEvents.frames().size(), "C, on the same net, is not given B's frame");

        clock.advanceBy(Duration.ofSeconds(70)); // idle: the session closes
        assertEquals("DOWN N0CALL-2", last(aEvents.sessions()));
        a.openSession(c.address());
        clock.advanceBy(SimChannel.CALL_TIME.plusSeconds(1));
        assertEquals("UP N0CALL-3", last(aEvents.sessions()));
        CompletableFuture<Void> toC = a.send(c.address(), new byte[] {3});
        clock.advanceBy(Duration.ofSeconds(2));
        assertEquals(null, outcome(toC));
        assertEquals(1, cEvents.frames().size());
        assertArrayEquals(new byte[] {3}, cEvents.frames().get(0).payload());
        assertEquals(1, bEvents.frames().size(), "B is not given C's frame");
        assertEquals(List.of("UP N0CALL-1", "CLOSING N0CALL-1", "DOWN N0CALL-1"), bEvents.sessions());

        assertTrue(assertThrows(TransportException.class, () -> transport.open(LinkUri.parse(
                "sim:vara-hf-2300?channel=hf&callsign=N0CALL-4"), new Recorder())).getMessage().contains("only session=on-demand channels take more stations"),
                "every end of a net is in the connected mode");
    }

    private Throwable outcome(CompletableFuture<?> future) {
        clock.advanceBy(Duration.ofMillis(1));
        assertTrue(future.isDone());
        return future.handle((ok, error) -> error).join();
    }

    private static String last(List<String> events) {
        return events.isEmpty() ? "" : events.get(events.size() - 1);
    }
}
