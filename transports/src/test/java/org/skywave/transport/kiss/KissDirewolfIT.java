package org.skywave.transport.kiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.ax25.Ax25Codec;
import org.skywave.transport.ax25.Callsign;
import org.skywave.transport.testing.DirewolfPair;
import org.skywave.transport.testing.PeerBinaries;

/**
 * KISS links through two real Direwolf TNCs joined by 1200-baud AFSK over PulseAudio null
 * sinks: frames both ways, our AX.25 read by Direwolf's own tools, and a Direwolf restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KissDirewolfIT {

    private static Path dir;
    private static DirewolfPair pair;
    private static KissTcpTransport transport;

    @BeforeAll
    static void startPair() throws Exception {
        dir = Files.createTempDirectory("skywave-direwolf-it");
        pair = DirewolfPair.start(dir);
        transport = new KissTcpTransport();
        System.out.println("[KissDirewolfIT] " + pair + " in " + dir);
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (transport != null) {
            transport.shutdown();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static Link open(String kissUri, Callsign callsign, LinkRecorder recorder) throws Exception {
        return transport.open(LinkUri.parse(kissUri + "?callsign=" + callsign), recorder);
    }

    @Test
    @Order(1)
    void twentyFramesEachWayArriveByteIdenticalOverRealAfsk() throws Exception {
        LinkRecorder ra = new LinkRecorder();
        LinkRecorder rb = new LinkRecorder();
        try (Link a = open(pair.a().kissUri(), DirewolfPair.CALL_A, ra); Link b = open(pair.b().kissUri(), DirewolfPair.CALL_B, rb)) {
            LinkRecorder.awaitWritable(a, 10);
            LinkRecorder.awaitWritable(b, 10);
            long seed = 1_200L;
            System.out.println("[KissDirewolfIT] seed " + seed);
            Random random = new Random(seed);
            relay("A->B", a, rb, DirewolfPair.CALL_A, random);
            relay("B->A", b, ra, DirewolfPair.CALL_B, random);
            assertEquals(0, a.stats().malformedFrames() + b.stats().malformedFrames());
        }
    }

    private static void relay(String label, Link from, LinkRecorder to, Callsign source, Random random) throws Exception {
        int count = 20;
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] frame = new byte[150 + random.nextInt(107)];
            random.nextBytes(frame);
            sent.add(frame);
        }
        long onAirBefore = from.stats().onAirBytes();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        int writableWaits = 0;
        for (byte[] frame : sent) {
            if (!from.isWritable()) {
                writableWaits++;
            }
            LinkRecorder.awaitWritable(from, 60);
            futures.add(from.broadcast(frame));
        }
        long payload = 0;
        long hdlcBytes = 0;
        for (int i = 0; i < count; i++) {
            InboundFrame got = to.next(60);
            assertEquals(source, got.from(), label + " frame " + i);
            assertArrayEquals(sent.get(i), got.payload(), label + " frame " + i + " differs");
            payload += sent.get(i).length;
            // AX.25 bytes on air: addresses 14, control, PID, info, FCS 2, one flag.
            hdlcBytes += 14 + 2 + sent.get(i).length + 2 + 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (CompletableFuture<Void> f : futures) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally());
        }
        long onAir = from.stats().onAirBytes() - onAirBefore;
        System.out.printf("[KissDirewolfIT] %s: %d frames, %d payload bytes in %.2f s; AX.25 frame bytes on air %d,"
                        + " link estimate incl. keying %d B; goodput %.0f bit/s = %.1f %% of 1200 bit/s;"
                        + " sender waited for writability %d times%n",
                label, count, payload, seconds, hdlcBytes, onAir, payload * 8 / seconds, payload * 8 / seconds / 12.0, writableWaits);
        assertTrue(to.frames.isEmpty(), label + ": unexpected extra frames " + to.frames);
    }

    @Test
    @Order(2)
    void direwolfAndKissutilDecodeTheFramesWeEncode() throws Exception {
        String kissutil = PeerBinaries.require("kissutil", "direwolf");
        Path out = dir.resolve("kissutil-b.log");
        int attached = pair.b().logCount("Attached to KISS TCP client");
        // kissutil on B's KISS port; its stdin stays open, or it would exit (test-peers.md section 1).
        Process monitor = new ProcessBuilder(kissutil, "-h", "127.0.0.1", "-p", String.valueOf(pair.b().kissPort()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            pair.b().awaitLog("Attached to KISS TCP client", attached + 1, Duration.ofSeconds(10));
            String text = "hello from skywave " + System.nanoTime() % 100_000;
            byte[] ax25 = Ax25Codec.encodeUi(Callsign.parse("SKYWV"), DirewolfPair.CALL_A,
                    List.of(Callsign.parse("WIDE1-1")), text.getBytes(StandardCharsets.US_ASCII));
            pair.a().sendKiss(ax25);
            String expected = "N0CALL-1>SKYWV,WIDE1-1:" + text;
            LinkRecorder.await(() -> {
                try {
                    return Files.readString(out, StandardCharsets.ISO_8859_1).contains(expected);
                } catch (IOException e) {
                    return false;
                }
            }, 20, "kissutil on B to print '" + expected + "'");
            pair.b().awaitLog(expected, 1, Duration.ofSeconds(5));
            System.out.println("[KissDirewolfIT] kissutil on B printed: " + Files.readAllLines(out, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains(expected)).findFirst().orElseThrow());
        } finally {
            monitor.destroy();
            if (!monitor.waitFor(5, TimeUnit.SECONDS)) {
                monitor.destroyForcibly();
            }
        }
    }

    @Test
    @Order(3)
    void linkGoesDownAndComesBackWhenDirewolfRestarts() throws Exception {
        LinkRecorder ra = new LinkRecorder();
        LinkRecorder rb = new LinkRecorder();
        try (Link a = open(pair.a().kissUri(), DirewolfPair.CALL_A, ra); Link b = open(pair.b().kissUri(), DirewolfPair.CALL_B, rb)) {
            int up = ra.awaitState(LinkState.UP, 0, 10);
            LinkRecorder.awaitWritable(b, 10);
            long oldPid = pair.a().pid();
            pair.a().stop();
            int down = ra.awaitState(LinkState.DOWN, up, 10);
            pair.a().start();
            assertTrue(pair.a().pid() != oldPid);
            ra.awaitState(LinkState.UP, down, 20);
            DirewolfPair.warmUp(pair.a(), pair.b());
            LinkRecorder.awaitWritable(a, 10);
            Random random = new Random(7L);
            for (int i = 0; i < 3; i++) {
                byte[] frame = new byte[100 + random.nextInt(100)];
                random.nextBytes(frame);
                LinkRecorder.awaitWritable(a, 30);
                a.broadcast(frame).get(30, TimeUnit.SECONDS);
                InboundFrame got = rb.next(30);
                assertArrayEquals(frame, got.payload(), "frame " + i + " after the restart");
            }
            byte[] back = "and back".getBytes(StandardCharsets.US_ASCII);
            b.broadcast(back);
            assertArrayEquals(back, ra.next(30).payload());
            System.out.println("[KissDirewolfIT] restart: states of A's link " + ra.details);
        }
    }
}
