package org.skywave.bridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.transport.testing.VaraAirChannel;
import org.skywave.transport.testing.VaraModemEmulator;

/**
 * The demo's two stations over two emulated VARA modems (as {@code vara-pair.sh} runs them, on
 * free ports and at 1/5 of real VARA timing): five transactions from A to B, checked byte for
 * byte, over VARA HF and VARA FM, with no violation of the modem's host interface.
 */
class DemoVaraIT {

    static final int COUNT = 5;
    static final long SEED = 1L;

    @ParameterizedTest
    @EnumSource(VaraModemEmulator.Kind.class)
    @Timeout(180)
    void fiveTransactionsCrossTheEmulatedVaraPair(VaraModemEmulator.Kind kind) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean allArrived;
        try (VaraAirChannel air = new VaraAirChannel(VaraAirChannel.Conditions.clear().scaled(0.2));
             VaraModemEmulator a = VaraModemEmulator.start(kind, air);
             VaraModemEmulator b = VaraModemEmulator.start(kind, air);
             TransportRegistry registry = TransportRegistry.standard(SEED);
             PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            String scheme = kind == VaraModemEmulator.Kind.HF ? "vara-hf" : "vara-fm";
            Demo demo = new Demo(new Demo.Options(COUNT, "ax25-1200", SEED, 0,
                    scheme + "://127.0.0.1:" + a.commandPort() + "?data-port=" + a.dataPort(),
                    scheme + "://127.0.0.1:" + b.commandPort() + "?data-port=" + b.dataPort()), out, false);
            allArrived = demo.run(registry);
            assertEquals(List.of(), a.violations(), "modem A");
            assertEquals(List.of(), b.violations(), "modem B");
            assertTrue(air.sessions() >= 1);
            System.out.println("[DemoVaraIT] " + kind + ": " + air.sessions() + " session(s), " + air.payloadBytesAired()
                    + " payload bytes aired");
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Matcher summary = DemoDirewolfIT.SUMMARY.matcher(output);
        assertTrue(summary.find(), "no summary line in the demo's output:\n" + output);
        System.out.println("[DemoVaraIT] " + kind + " figure: " + summary.group());
        assertEquals(COUNT + "/" + COUNT, summary.group(1) + "/" + summary.group(2), summary.group());
        assertTrue(allArrived, "the demo saw a transaction differ or go missing:\n" + output);
    }
}
