package org.skywave.transport.js8call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.testing.Js8CallEmulator;
import org.skywave.transport.testing.Js8Channel;

/** Two Js8CallLinks through two JS8Call emulators joined by a simulated, lossy channel. */
class Js8CallLinkTest {

    /** Emulated JS8 time runs this much faster than real time: a Turbo period of 6 s lasts 30 ms. */
    private static final double TIME_SCALE = 0.005;

    private final List<AutoCloseable> closing = new ArrayList<>();

    static final class Recorder implements LinkListener {
        final BlockingQueue<InboundFrame> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<String> states = new LinkedBlockingQueue<>();

        @Override
        public void onFrame(InboundFrame frame) {
            frames.add(frame);
        }

        @Override
        public void onStateChanged(LinkState state, String detail) {
            states.add(state + " " + detail);
        }

        String awaitState(LinkState state) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String s = states.poll(100, TimeUnit.MILLISECONDS);
                if (s != null && s.startsWith(state.name())) {
                    return s;
                }
            }
            throw new AssertionError("link never reported " + state);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Js8CallEmulator emulator(String call, Js8Channel channel) throws Exception {
        Js8CallEmulator e = new Js8CallEmulator(call, Js8Speed.TURBO, channel, 0, TIME_SCALE);
        closing.add(e);
        return e;
    }

    private Link link(Js8CallEmulator e, String call, String peer, Recorder recorder) throws Exception {
        LinkUri uri = LinkUri.parse("js8call://127.0.0.1:" + e.port() + "?callsign=" + call + "&peer=" + peer
                + "&speed=turbo&repeat-after=1.5");
        Link link = new Js8CallTransport().open(uri, recorder);
        closing.add(link);
        return link;
    }

    @Test
    void framesCrossBothWaysWholeAndOnceOverALossyChannel() throws Exception {
        Js8Channel channel = new Js8Channel(42, 0.2, 0.2, 0.2);
        closing.add(channel);
        Js8CallEmulator a = emulator("K1ABC", channel);
        Js8CallEmulator b = emulator("K2XYZ", channel);
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        Link la = link(a, "K1ABC", "K2XYZ", ra);
        Link lb = link(b, "K2XYZ", "K1ABC", rb);
        ra.awaitState(LinkState.UP);
        rb.awaitState(LinkState.UP);

        Random random = new Random(7);
        Set<String> sentAtoB = new HashSet<>();
        Set<String> sentBtoA = new HashSet<>();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] tx = new byte[100 + random.nextInt(200)]; // transactions of 100-300 bytes
            random.nextBytes(tx);
            Link from = i % 2 == 0 ? la : lb;
            (i % 2 == 0 ? sentAtoB : sentBtoA).add(java.util.HexFormat.of().formatHex(tx));
            sends.add(from.send(from.peerAddress(i % 2 == 0 ? "K2XYZ" : "K1ABC"), tx));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertEquals(sentAtoB, receive(rb, sentAtoB.size(), "K1ABC"));
        assertEquals(sentBtoA, receive(ra, sentBtoA.size(), "K2XYZ"));
        assertTrue(channel.lost() > 0 && channel.duplicated() > 0 && channel.reordered() > 0,
                "the channel really lost, duplicated and reordered: " + channel.lost() + "/" + channel.duplicated() + "/" + channel.reordered());
        Thread.sleep(500);
        assertTrue(ra.frames.isEmpty() && rb.frames.isEmpty(), "no frame delivered twice");
    }

    private static Set<String> receive(Recorder r, int count, String from) throws InterruptedException {
        Set<String> got = new HashSet<>();
        for (int i = 0; i < count; i++) {
            InboundFrame f = r.frames.poll(60, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("only " + got.size() + " of " + count + " frames arrived");
            }
            assertEquals(from, f.from().toString());
            got.add(java.util.HexFormat.of().formatHex(f.payload()));
        }
        return got;
    }

    @Test
    void refusesAJs8CallWhoseStationCallsignIsNotTheConfiguredOneNamingBoth() throws Exception {
        Js8Channel channel = Js8Channel.perfect();
        closing.add(channel);
        Js8CallEmulator a = emulator("K9OTH", channel);
        Recorder ra = new Recorder();
        Link la = link(a, "K1ABC", "K2XYZ", ra);
        String down = ra.awaitState(LinkState.DOWN);
        assertTrue(down.contains("'K9OTH'") && down.contains("'K1ABC'"), down);
        assertEquals(LinkState.DOWN, la.state());
    }

    @Test
    void reconnectsWhenJs8CallRestartsAndCarriesOn() throws Exception {
        Js8Channel channel = Js8Channel.perfect();
        closing.add(channel);
        Js8CallEmulator a = emulator("K1ABC", channel);
        Js8CallEmulator b = emulator("K2XYZ", channel);
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        Link la = link(a, "K1ABC", "K2XYZ", ra);
        link(b, "K2XYZ", "K1ABC", rb);
        ra.awaitState(LinkState.UP);
        rb.awaitState(LinkState.UP);
        a.stop();
        ra.awaitState(LinkState.DOWN);
        a.restart();
        ra.awaitState(LinkState.UP);
        la.send(la.peerAddress("K2XYZ"), new byte[] {1, 2, 3}).get(30, TimeUnit.SECONDS);
        InboundFrame f = rb.frames.poll(30, TimeUnit.SECONDS);
        assertEquals("010203", java.util.HexFormat.of().formatHex(f.payload()));
    }

    @Test
    void neverHandsJs8CallANewMessageWhileItIsStillSendingOne() throws Exception {
        Js8Channel channel = Js8Channel.perfect();
        closing.add(channel);
        Js8CallEmulator a = emulator("K1ABC", channel);
        Js8CallEmulator b = emulator("K2XYZ", channel);
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        Link la = link(a, "K1ABC", "K2XYZ", ra);
        link(b, "K2XYZ", "K1ABC", rb);
        ra.awaitState(LinkState.UP);
        byte[] frame = new byte[200]; // five chunks of 40 bytes
        new Random(1).nextBytes(frame);
        la.send(la.peerAddress("K2XYZ"), frame).get(30, TimeUnit.SECONDS);
        InboundFrame f = rb.frames.poll(30, TimeUnit.SECONDS);
        assertEquals(200, f.payload().length);
        assertEquals(5, a.messagesAired(), "five chunks of 40 bytes, one JS8 message each");
        assertEquals(0, a.messagesHandedWhileBusy(), "each chunk waited for the previous one to leave");
    }
}
