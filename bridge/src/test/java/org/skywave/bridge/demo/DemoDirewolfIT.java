package org.skywave.bridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.transport.testing.DirewolfPair;

/**
 * The demo's two stations over two real Direwolf TNCs joined by 1200-baud AFSK on PulseAudio
 * null sinks (test-peers.md): 20 transactions from A to B, each checked byte for byte at B.
 * Prints the demo's summary line, the figure of the closing note, into the build log.
 */
class DemoDirewolfIT {

    static final int COUNT = 20;
    static final long SEED = 1L;
    /**
     * A lossless audio path loses a frame rarely, and each loss costs one re-send. Starved ACKs
     * on the half-duplex channel (the sender keyed while it has anything to send) cost far more:
     * 12 re-sends for 20 transactions before the scheduler kept a window.
     */
    static final int MAX_RESENDS = 3;

    static final Pattern SUMMARY = Pattern.compile(
            "delivered (\\d+)/(\\d+) in ([0-9.]+) s, on-air bytes (\\d+), goodput (\\d+) bit/s \\(([0-9.]+)% of link rate\\)");
    static final Pattern RADIO_A = Pattern.compile("station A radio: (\\d+) messages sent, (\\d+) re-sent");

    @Test
    @Timeout(240)
    void twentyTransactionsCrossTheDirewolfPairByteIdentical() throws Exception {
        Path dir = Files.createTempDirectory("skywave-demo-direwolf-it");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean allArrived;
        try (DirewolfPair pair = DirewolfPair.start(dir);
             TransportRegistry registry = TransportRegistry.standard(SEED);
             PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8)) {
            System.out.println("[DemoDirewolfIT] " + pair + " in " + dir + "; seed " + SEED);
            Demo demo = new Demo(new Demo.Options(COUNT, "ax25-1200", SEED, 0, pair.a().kissUri(), pair.b().kissUri()), out, false);
            allArrived = demo.run(registry);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find(), "no summary line in the demo's output:\n" + output);
        System.out.println("[DemoDirewolfIT] figure: " + summary.group());
        assertEquals(COUNT + "/" + COUNT, summary.group(1) + "/" + summary.group(2), summary.group());
        assertTrue(allArrived, "the demo saw a transaction differ or go missing:\n" + output);
        double seconds = Double.parseDouble(summary.group(3));
        long onAirBytes = Long.parseLong(summary.group(4));
        assertTrue(seconds > 0 && onAirBytes > 0, summary.group());

        Matcher radioA = RADIO_A.matcher(output);
        assertTrue(radioA.find(), "no figures for station A's radio link:\n" + output);
        int resent = Integer.parseInt(radioA.group(2));
        assertTrue(resent <= MAX_RESENDS, "station A re-sent " + resent + " messages (at most " + MAX_RESENDS
                + " expected): ACKs did not get the channel in time\n" + output);
    }

    /** Writes to two streams: the test reads one, the build log shows the other. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            // System.out stays open for the rest of the build.
            flush();
        }
    }
}
