package org.skywave.bridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.js8call.Js8Speed;
import org.skywave.transport.testing.Js8CallEmulator;
import org.skywave.transport.testing.Js8Channel;

/** The demo end to end in one JVM, on links fast enough for a unit test. */
class DemoTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "delivered (\\d+)/(\\d+) in [0-9.]+ s, on-air bytes (\\d+), goodput (\\d+) bit/s \\(([0-9.]+)% of link rate\\)");

    private static String runDemo(Demo.Options options, boolean expectSuccess) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
             TransportRegistry registry = TransportRegistry.standard(options.seed())) {
            assertEquals(expectSuccess, new Demo(options, out, false).run(registry));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void carriesEveryTransactionOverTheSimulatedTcpProfile() throws Exception {
        String output = runDemo(new Demo.Options(10, "tcp", 7, 0.0, null, null), true);
        Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find(), output);
        assertEquals("10", summary.group(1));
        assertEquals("10", summary.group(2));
        // 10 transactions of at least 192 bytes each went over the air, plus framing.
        assertTrue(Long.parseLong(summary.group(3)) > 10 * 192, output);
    }

    @Test
    void carriesEveryTransactionOverTwoRealTcpLinks() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String output = runDemo(new Demo.Options(5, "ignored", 3, 0.0,
                "tcp-listen://127.0.0.1:" + port, "tcp://127.0.0.1:" + port), true);
        Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find(), output);
        assertEquals("5/5", summary.group(1) + "/" + summary.group(2));
    }

    /**
     * JS8Call keeps its own speed whatever the link asks: over two emulators at Normal with URIs
     * asking Turbo, the header shows Normal's rate, which the summary's "% of link rate" divides by.
     */
    @Test
    void theHeaderShowsTheSpeedJs8CallRunsAtNotTheOneTheUriAsks() throws Exception {
        try (Js8Channel channel = Js8Channel.perfect();
             Js8CallEmulator a = new Js8CallEmulator(Demo.JS8_CALLSIGN_A, Js8Speed.NORMAL, channel, 0, 0.002);
             Js8CallEmulator b = new Js8CallEmulator(Demo.JS8_CALLSIGN_B, Js8Speed.NORMAL, channel, 0, 0.002)) {
            String output = runDemo(new Demo.Options(1, "ignored", 5, 0.0, "js8call://127.0.0.1:" + a.port() + "?speed=turbo",
                    "js8call://127.0.0.1:" + b.port() + "?speed=turbo"), true);
            double normal = Js8Speed.NORMAL.profile(40).bitrate();
            String rate = String.format(java.util.Locale.ROOT, "(%.1f bit/s, MTU %d)", normal, Js8Speed.NORMAL.profile(40).mtu());
            assertTrue(output.contains(rate), "header with Normal's rate " + rate + ": " + output);
            assertTrue(output.contains("N0CALL to N1CALL over"), "the JS8 demo callsigns: " + output);
            Matcher summary = SUMMARY.matcher(output);
            assertTrue(summary.find(), output);
            assertEquals("1/1", summary.group(1) + "/" + summary.group(2));
        }
    }

    @Test
    void unknownProfileIsRefusedNamingTheKnownOnes() {
        LinkUriException e = assertThrows(LinkUriException.class,
                () -> runDemo(new Demo.Options(1, "ax25-4800", 1, 0.0, null, null), false));
        assertTrue(e.getMessage().contains("unknown link profile 'ax25-4800'"), e.getMessage());
        assertTrue(e.getMessage().contains("ax25-1200"), e.getMessage());
    }

    @Test
    void transactionsLookLikeBitcoinOnesInSize() {
        DemoTransactions generator = new DemoTransactions(new java.util.SplittableRandom(11));
        for (int i = 0; i < 1000; i++) {
            int size = generator.next().length;
            assertTrue(size >= 150 && size <= 600, "size " + size);
        }
    }
}
