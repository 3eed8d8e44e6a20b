package org.skywave.transport.kiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;
import org.skywave.transport.ax25.Ax25Codec;
import org.skywave.transport.ax25.Ax25Frame;
import org.skywave.transport.ax25.Callsign;
import org.skywave.transport.sim.VirtualClock;

class KissLinkTest {

    /** Records what the link writes; the test plays the TNC. */
    static final class FakeCarrier implements KissCarrier {
        final BlockingQueue<KissFrame> written = new LinkedBlockingQueue<>();
        volatile Events events;
        volatile boolean connected;

        @Override
        public void start(Events e) {
            events = e;
        }

        @Override
        public CompletableFuture<Void> write(KissFrame frame) {
            if (!connected) {
                return CompletableFuture.failedFuture(new TransportException("not connected"));
            }
            written.add(frame);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String describe() {
            return "fake";
        }

        @Override
        public void close() {
        }

        void connect() {
            connected = true;
            events.connected("fake up");
        }

        KissFrame next() throws InterruptedException {
            KissFrame f = written.poll(5, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("nothing written in 5 s");
            }
            return f;
        }
    }

    final BlockingQueue<InboundFrame> inbound = new LinkedBlockingQueue<>();
    final List<LinkState> states = new CopyOnWriteArrayList<>();
    final List<Boolean> writability = new CopyOnWriteArrayList<>();
    final LinkListener listener = new LinkListener() {
        @Override
        public void onFrame(InboundFrame frame) {
            inbound.add(frame);
        }

        @Override
        public void onStateChanged(LinkState state, String detail) {
            states.add(state);
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
            writability.add(writable);
        }
    };
    final FakeCarrier carrier = new FakeCarrier();
    KissLink link;

    /** The pacers' time: moved by the tests, never the wall clock. */
    final VirtualClock pacerClock = new VirtualClock();

    private KissLink open(String params) throws Exception {
        LinkUri uri = LinkUri.parse("kiss-tcp://127.0.0.1:1?callsign=N0CALL-1" + params);
        link = new KissLink(uri, KissTransportConfig.fromUri(uri, KissTransportConfig.Carrier.TCP), listener, carrier,
                pacerClock);
        link.start();
        return link;
    }

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void sendsParametersAndProbeOnConnectThenUiFrames() throws Exception {
        open("&txdelay=30&persist=255&path=WIDE1-1&port=1");
        carrier.connect();
        assertEquals(KissFrame.parameter(1, KissCommand.TXDELAY, 30), carrier.next());
        assertEquals(KissFrame.parameter(1, KissCommand.P, 255), carrier.next());
        assertEquals(new KissFrame(1, KissCommand.SETHARDWARE, "TNC:".getBytes(StandardCharsets.US_ASCII)), carrier.next());
        await(() -> link.state() == LinkState.UP, "UP");
        link.broadcast("hi".getBytes(StandardCharsets.US_ASCII)).get(5, TimeUnit.SECONDS);
        KissFrame data = carrier.next();
        assertEquals(1, data.port());
        assertArrayEquals(Ax25Codec.encodeUi(Callsign.parse("SKYWV"), Callsign.parse("N0CALL-1"),
                List.of(Callsign.parse("WIDE1-1")), "hi".getBytes(StandardCharsets.US_ASCII)), data.payload());
        assertEquals(1, link.stats().framesSent());
        assertEquals(List.of(LinkState.CONNECTING, LinkState.UP), states);
    }

    @Test
    void deliversOnlyUiF0FramesForUsAndCountsTheRest() throws Exception {
        open("");
        carrier.connect();
        Callsign me = Callsign.parse("N0CALL-1");
        Callsign peer = Callsign.parse("N0CALL-2");
        byte[] info = {1, 2, 3};
        KissCarrier.Events ev = carrier.events;
        ev.frame(KissFrame.data(0, Ax25Codec.encodeUi(Callsign.parse("SKYWV"), peer, List.of(), info)));
        ev.frame(KissFrame.data(0, Ax25Codec.encodeUi(me, peer, List.of(), info)));
        ev.frame(KissFrame.data(0, Ax25Codec.encodeUi(Callsign.parse("APRS"), peer, List.of(), info))); // not for us
        ev.frame(KissFrame.data(0, Ax25Codec.encodeUi(Callsign.parse("SKYWV"), me, List.of(), info))); // our own, repeated
        ev.frame(KissFrame.data(1, Ax25Codec.encodeUi(me, peer, List.of(), info))); // other KISS port
        Ax25Frame ip = new Ax25Frame(Ax25Frame.ui(me, peer, List.of(), info).destination(),
                Ax25Frame.ui(me, peer, List.of(), info).source(), List.of(), 0x03, 0xCC, info);
        ev.frame(KissFrame.data(0, Ax25Codec.encode(ip))); // PID not F0
        byte[] sabm = Ax25Codec.encodeUi(me, peer, List.of(), new byte[0]);
        sabm[14] = 0x3F;
        ev.frame(KissFrame.data(0, java.util.Arrays.copyOf(sabm, 15))); // SABM: not UI
        ev.frame(KissFrame.data(0, new byte[] {1, 2, 3})); // malformed
        ev.frame(KissFrame.parameter(0, KissCommand.TXDELAY, 1)); // nonsense from a TNC
        assertEquals(new InboundFrame(peer, info), inbound.poll(5, TimeUnit.SECONDS));
        assertEquals(new InboundFrame(peer, info), inbound.poll(5, TimeUnit.SECONDS));
        await(() -> link.stats().droppedFrames() == 6 && link.stats().malformedFrames() == 1, "counters: " + link.stats());
        assertEquals(2, link.stats().framesReceived());
        assertTrue(inbound.isEmpty());
    }

    @Test
    void pacesByTxbufWhenTheTncIsDirewolf() throws Exception {
        open("&paclen=100");
        carrier.connect();
        carrier.next(); // TNC: probe
        carrier.events.frame(new KissFrame(0, KissCommand.SETHARDWARE, "DIREWOLF 1.6".getBytes(StandardCharsets.US_ASCII)));
        await(() -> link.isWritable(), "writable");
        CompletableFuture<Void> first = link.broadcast(new byte[100]);
        CompletableFuture<Void> second = link.broadcast(new byte[100]);
        CompletableFuture<Void> third = link.broadcast(new byte[100]);
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertEquals(KissCommand.DATA, carrier.next().command());
        assertEquals(KissCommand.DATA, carrier.next().command());
        // The TNC holds two full frames (116 bytes each): the third waits, and the link says it is busy.
        advancePacers(Duration.ofMillis(KissLink.TXBUF_POLL_MILLIS));
        assertEquals(new KissFrame(0, KissCommand.SETHARDWARE, "TXBUF:".getBytes(StandardCharsets.US_ASCII)), carrier.next());
        assertFalse(third.isDone());
        assertFalse(link.isWritable());
        carrier.events.frame(new KissFrame(0, KissCommand.SETHARDWARE, "TXBUF:232".getBytes(StandardCharsets.US_ASCII)));
        link.drain();
        advancePacers(Duration.ofMillis(KissLink.TXBUF_POLL_MILLIS));
        KissFrame again = carrier.next();
        assertEquals("TXBUF:", new String(again.payload(), StandardCharsets.US_ASCII));
        assertFalse(third.isDone());
        // One frame went on the air: room for one more.
        carrier.events.frame(new KissFrame(0, KissCommand.SETHARDWARE, "TXBUF:116".getBytes(StandardCharsets.US_ASCII)));
        third.get(5, TimeUnit.SECONDS);
        assertEquals(KissCommand.DATA, carrier.next().command());
        assertTrue(writability.contains(false));
    }

    @Test
    void pacesByAirtimeWithoutTxbuf() throws Exception {
        open("&bitrate=1200&paclen=256&probe=false");
        carrier.connect();
        await(() -> link.isWritable(), "writable");
        KissTransportConfig config = link.config();
        // One full frame on air: its AX.25 bytes, FCS and flag, bit stuffing (kiss-ax25.md section 9).
        Duration frameAir = Duration.ofNanos((long) ((config.ax25FrameLength(256) + 3) * 8 * 1.016 * 1e9 / 1200));
        Duration keying = config.keyingTime();
        Duration margin = Duration.ofMillis(5);
        CompletableFuture<?>[] sent = new CompletableFuture<?>[3];
        for (int i = 0; i < 3; i++) {
            sent[i] = link.broadcast(new byte[256]);
        }
        sent[0].get(5, TimeUnit.SECONDS);
        assertEquals(KissCommand.DATA, carrier.next().command());
        // The TNC may hold one full frame beyond the one on the air: the second goes once the first has keyed up.
        advancePacers(keying.minus(margin));
        assertFalse(sent[1].isDone(), "second frame waits while the first still keys up");
        advancePacers(margin.multipliedBy(2));
        assertTrue(sent[1].isDone(), "second frame handed over once the first is on the air");
        assertFalse(sent[2].isDone(), "third frame must wait for the first to be aired");
        advancePacers(frameAir.minus(margin.multipliedBy(3)));
        assertFalse(sent[2].isDone(), "third frame still waits: the first is not aired yet");
        advancePacers(margin.multipliedBy(2));
        assertTrue(sent[2].isDone(), "third frame handed over as the first finishes");
        assertTrue(writability.contains(false), "the link reported itself busy meanwhile");
    }

    /** Moves the pacers' clock, then waits (bounded) until the link thread has handled what that woke up. */
    private void advancePacers(Duration by) throws Exception {
        pacerClock.advanceBy(by);
        link.drain();
        link.drain(); // a hand-over completes its send future in a second task
    }

    /**
     * A plain KISS TNC (TNC-Pi, NinoTNC, soundmodem) never answers the TNC: probe. At 9600 bit/s one
     * frame's keying time alone exceeds a full frame's airtime, so the link turns unwritable as soon
     * as it hands a frame over; it must turn writable again once that frame has been aired, with
     * nothing else queued to wake it, or the station never sends another frame.
     */
    @Test
    void becomesWritableAgainAfterAPlainTncAiredItsLastFrame() throws Exception {
        open("&bitrate=9600&paclen=256");
        carrier.connect();
        await(() -> link.isWritable(), "writable");
        link.broadcast(new byte[200]).get(5, TimeUnit.SECONDS);
        link.drain();
        assertEquals(List.of(true, false), writability, "busy while the frame keys up and airs");
        KissTransportConfig config = link.config();
        Duration frameAir = Duration.ofNanos((long) ((config.ax25FrameLength(200) + 3) * 8 * 1.016 * 1e9 / 9600));
        advancePacers(config.keyingTime().plus(frameAir));
        assertEquals(List.of(true, false, true), writability, "writable again once it has aired, with nothing pending");
        link.broadcast(new byte[200]).get(5, TimeUnit.SECONDS);
        List<KissCommand> written = new ArrayList<>();
        carrier.written.forEach(frame -> written.add(frame.command()));
        assertTrue(written.contains(KissCommand.SETHARDWARE), "the TNC: probe, left unanswered: " + written);
        assertEquals(2, written.stream().filter(KissCommand.DATA::equals).count(), written.toString());
    }

    @Test
    void keepsFramesWhileDownAndSendsThemAfterReconnect() throws Exception {
        open("&probe=false");
        carrier.connect();
        await(() -> link.state() == LinkState.UP, "UP");
        carrier.connected = false;
        carrier.events.disconnected("gone");
        await(() -> link.state() == LinkState.DOWN, "DOWN");
        CompletableFuture<Void> f = link.broadcast(new byte[] {7});
        Thread.sleep(50);
        assertFalse(f.isDone());
        assertFalse(link.isWritable());
        carrier.connect();
        f.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(LinkState.CONNECTING, LinkState.UP, LinkState.DOWN, LinkState.UP), states);
    }

    @Test
    void refusesOversizeFramesAndFailsPendingOnClose() throws Exception {
        open("&paclen=10");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> link.broadcast(new byte[11]));
        assertTrue(e.getMessage().contains("11 bytes exceeds the MTU 10 of"), e.getMessage());
        CompletableFuture<Void> f = link.broadcast(new byte[] {1});
        link.close();
        assertTrue(f.isCompletedExceptionally());
        assertEquals(LinkState.CLOSED, link.state());
        assertTrue(link.broadcast(new byte[] {1}).isCompletedExceptionally());
    }
}
