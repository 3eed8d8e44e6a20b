package org.skywave.transport.kiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.ax25.Ax25Codec;
import org.skywave.transport.ax25.Ax25Frame;
import org.skywave.transport.ax25.Callsign;
import org.skywave.transport.testing.SocatPtyPair;

/**
 * The serial carrier over a real pseudo-terminal pair: the test plays the TNC on the far pty with
 * the project's own deframer and framer, then unplugs (socat stopped, the pty closes) and plugs
 * the "TNC" back in on the same path.
 */
class KissSerialIT {

    private static final Callsign US = Callsign.parse("N0CALL-1");
    private static final Callsign PEER = Callsign.parse("N0CALL-2");

    @TempDir
    Path dir;
    private SocatPtyPair ptys;
    private FakeTnc tnc;

    /** The TNC end: reads KISS frames from its pty on a thread of its own, writes frames back. */
    private static final class FakeTnc implements AutoCloseable {
        final BlockingQueue<KissFrame> received = new LinkedBlockingQueue<>();
        private final InputStream in;
        private final OutputStream out;
        private final Thread reader;

        FakeTnc(Path pty) throws IOException {
            in = new FileInputStream(pty.toFile());
            out = new FileOutputStream(pty.toFile());
            KissDeframer deframer = new KissDeframer(KissDeframer.DEFAULT_MAX_FRAME_BYTES, "tnc", new KissDeframer.Handler() {
                @Override
                public void onFrame(KissFrame frame) {
                    received.add(frame);
                }

                @Override
                public void onError(MalformedFrameException error) {
                    throw new AssertionError("the link wrote a bad KISS frame: " + error.getMessage());
                }
            });
            reader = new Thread(() -> {
                byte[] buffer = new byte[512];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        deframer.feed(buffer, 0, n);
                    }
                } catch (IOException closed) {
                    // the pty went away: unplugged
                }
            }, "fake-tnc");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next DATA frame (skipping the TNC: probe and parameters). */
        KissFrame nextData() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                KissFrame f = received.poll(100, TimeUnit.MILLISECONDS);
                if (f != null && f.command() == KissCommand.DATA) {
                    return f;
                }
            }
            throw new AssertionError("no KISS data frame from the link in 10 s");
        }

        void send(KissFrame frame) throws IOException {
            out.write(KissFramer.encode(frame));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            in.close();
            out.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tnc != null) {
            tnc.close();
        }
        if (ptys != null) {
            ptys.close();
        }
    }

    private void exchange(Link link, LinkRecorder recorder, String round) throws Exception {
        byte[] out = ("to the TNC, " + round).getBytes(StandardCharsets.US_ASCII);
        LinkRecorder.awaitWritable(link, 10);
        link.broadcast(out).get(10, TimeUnit.SECONDS);
        Ax25Frame onWire = Ax25Codec.decode(tnc.nextData().payload());
        assertEquals(US, onWire.source().callsign());
        assertEquals(Callsign.parse("SKYWV"), onWire.destination().callsign());
        assertArrayEquals(out, onWire.info(), round);

        byte[] in = ("from the TNC, " + round).getBytes(StandardCharsets.US_ASCII);
        tnc.send(KissFrame.data(0, Ax25Codec.encodeUi(US, PEER, List.of(), in)));
        InboundFrame got = recorder.next(10);
        assertEquals(PEER, got.from());
        assertArrayEquals(in, got.payload(), round);
    }

    @Test
    void framesFlowBothWaysAndTheLinkSurvivesUnplugAndReplug() throws Exception {
        ptys = SocatPtyPair.start(dir.resolve("ptys"));
        tnc = new FakeTnc(ptys.tncPath());
        KissSerialTransport transport = new KissSerialTransport();
        LinkRecorder recorder = new LinkRecorder();
        LinkUri uri = LinkUri.parse("kiss-serial://" + ptys.hostPath() + "?callsign=" + US + "&baud=9600&bitrate=9600");
        try (Link link = transport.open(uri, recorder)) {
            int up = recorder.awaitState(LinkState.UP, 0, 10);
            exchange(link, recorder, "first plug");

            ptys.unplug();
            int down = recorder.awaitState(LinkState.DOWN, up, 10);
            tnc.close();

            ptys.replug();
            tnc = new FakeTnc(ptys.tncPath());
            recorder.awaitState(LinkState.UP, down, 10);
            exchange(link, recorder, "after replug");
            assertEquals(2, link.stats().framesSent());
            assertEquals(2, link.stats().framesReceived());
            assertTrue(recorder.details.stream().anyMatch(d -> d.startsWith("DOWN") && d.contains("closed")), recorder.details.toString());
            System.out.println("[KissSerialIT] states " + recorder.details);
        }
    }
}
