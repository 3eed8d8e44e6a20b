package org.skywave.transport.js8call;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.testing.Js8CallPair;

/**
 * A frame from station A to station B through two real JS8Call instances at Turbo: JS8 modulation
 * into a PulseAudio null sink, decoding from its monitor, RX.DIRECTED at B (test-peers.md section 2).
 * One chunk (about 9 frames, a minute on the air) keeps it short enough for CI; the transaction
 * path is the same, only with more chunks.
 */
class Js8CallPairIT {

    /** Ports in this test's range, so that a JS8Call pair an operator runs on 2442/2443 is left alone. */
    private static final int API_A = 27442;
    private static final int API_B = 27443;
    private static final int DISPLAY = 127;

    private static Js8CallPair pair;
    private static Path dir;

    @BeforeAll
    static void startPair() throws Exception {
        dir = Files.createTempDirectory("skywave-js8call-it");
        pair = Js8CallPair.start(dir, API_A, API_B, DISPLAY, Js8Speed.TURBO.id());
        System.out.println("[Js8CallPairIT] " + pair);
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static Link open(int port, String call, String peer, Js8CallLinkTest.Recorder recorder) throws Exception {
        return new Js8CallTransport().open(LinkUri.parse("js8call://127.0.0.1:" + port + "?callsign=" + call + "&peer=" + peer
                + "&speed=turbo"), recorder);
    }

    @Test
    void aFrameCrossesFromAToBThroughRealJs8ModulationAndDecoding() throws Exception {
        Js8CallLinkTest.Recorder ra = new Js8CallLinkTest.Recorder();
        Js8CallLinkTest.Recorder rb = new Js8CallLinkTest.Recorder();
        try (Link a = open(API_A, Js8CallPair.CALL_A, Js8CallPair.CALL_B, ra);
             Link b = open(API_B, Js8CallPair.CALL_B, Js8CallPair.CALL_A, rb)) {
            String up = ra.awaitState(LinkState.UP);
            assertTrue(up.contains("TURBO"), up);
            rb.awaitState(LinkState.UP);
            byte[] frame = new byte[Js8CallTransportConfig.DEFAULT_CHUNK];
            new Random(11).nextBytes(frame);
            long started = System.nanoTime();
            a.send(a.peerAddress(Js8CallPair.CALL_B), frame).get(5, TimeUnit.MINUTES);
            InboundFrame got = rb.frames.poll(2, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertNotNull(got, "B decoded nothing within 2 minutes of A's transmission");
            assertEquals(Js8CallPair.CALL_A, got.from().toString());
            assertArrayEquals(frame, got.payload());
            System.out.printf("[Js8CallPairIT] %d bytes A->B at Turbo in %.1f s (%d characters of JS8 text)%n",
                    frame.length, seconds, Js8ChunkCodec.toText(Js8Chunk.data(1, 0, 0, frame)).length());
        }
    }

    @Test
    void refusesTheRealJs8CallWhenItsCallsignIsNotTheConfiguredOne() throws Exception {
        Js8CallLinkTest.Recorder r = new Js8CallLinkTest.Recorder();
        try (Link a = open(API_A, "K1ABC", Js8CallPair.CALL_B, r)) {
            String down = r.awaitState(LinkState.DOWN);
            assertTrue(down.contains("'" + Js8CallPair.CALL_A + "'") && down.contains("'K1ABC'"), down);
        }
    }
}
