package org.skywave.transport.kiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.testing.SoundmodemDirewolfPair;

/**
 * The sending side against a real plain KISS TNC: our serial link on soundmodem's pty, which
 * answers no {@code TNC:} or {@code TXBUF:} query, so the link paces by airtime at 1200 bit/s;
 * Direwolf demodulates what soundmodem keys up over the PulseAudio null sinks and hands it to our
 * KISS TCP link. With pacing that never looked again once nothing was pending, the link stayed
 * unwritable after the first frames and the rest never left.
 */
class KissSoundmodemIT {

    private static final int FRAMES = 5;

    @TempDir
    static Path dir;
    private static SoundmodemDirewolfPair pair;

    @BeforeAll
    static void startPair() throws Exception {
        pair = SoundmodemDirewolfPair.start(dir.resolve("pair"));
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void everyFrameLeavesThroughAPlainKissTncAndTheLinkTurnsWritableAgain() throws Exception {
        LinkRecorder atA = new LinkRecorder();
        LinkRecorder atB = new LinkRecorder();
        LinkUri uriA = LinkUri.parse("kiss-serial://" + pair.a().ptyPath() + "?callsign=" + SoundmodemDirewolfPair.CALL_A
                + "&baud=9600&bitrate=1200");
        LinkUri uriB = LinkUri.parse(pair.b().kissUri() + "?callsign=" + SoundmodemDirewolfPair.CALL_B);
        try (Link a = new KissSerialTransport().open(uriA, atA); Link b = new KissTcpTransport().open(uriB, atB)) {
            atA.awaitState(LinkState.UP, 0, 10);
            atB.awaitState(LinkState.UP, 0, 10);
            for (int i = 0; i < FRAMES; i++) {
                // Each frame waits for writability, as the station's scheduler does.
                LinkRecorder.awaitWritable(a, 30);
                a.broadcast(payload("A to B", i)).get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < FRAMES; i++) {
                InboundFrame frame = atB.next(30);
                assertEquals(SoundmodemDirewolfPair.CALL_A, frame.from());
                assertArrayEquals(payload("A to B", i), frame.payload(), "frame " + i);
            }
            LinkRecorder.awaitWritable(a, 10);

            // And soundmodem's demodulator hands what Direwolf sends to our serial link.
            LinkRecorder.awaitWritable(b, 10);
            b.broadcast(payload("B to A", 0)).get(30, TimeUnit.SECONDS);
            InboundFrame back = atA.next(30);
            assertEquals(SoundmodemDirewolfPair.CALL_B, back.from());
            assertArrayEquals(payload("B to A", 0), back.payload());
        }
    }

    private static byte[] payload(String direction, int i) {
        return (direction + " over real AFSK, frame " + i + ", " + "x".repeat(60)).getBytes(StandardCharsets.US_ASCII);
    }
}
