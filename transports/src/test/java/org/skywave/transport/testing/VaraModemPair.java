package org.skywave.transport.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs emulated VARA modems sharing one {@link VaraAirChannel}, for operators and the demo
 * ({@code transports/src/test/scripts/vara-pair.sh}):
 * {@code VaraModemPair hf|fm COMMAND_PORT [COMMAND_PORT ...]}; each modem's data port is its
 * command port + 1 (vara.md section 1). Options through system properties:
 * {@code vara.timeScale} (default 1.0, real VARA timing), {@code vara.frameLoss},
 * {@code vara.dropout}, {@code vara.seed}. Runs until stopped (SIGTERM closes the modems).
 */
public final class VaraModemPair {

    private VaraModemPair() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: VaraModemPair hf|fm COMMAND_PORT [COMMAND_PORT ...]");
            System.exit(2);
        }
        VaraModemEmulator.Kind kind = VaraModemEmulator.Kind.valueOf(args[0].toUpperCase(Locale.ROOT));
        VaraAirChannel.Conditions conditions = new VaraAirChannel.Conditions(
                Double.parseDouble(System.getProperty("vara.timeScale", "1.0")),
                Double.parseDouble(System.getProperty("vara.frameLoss", "0")),
                Double.parseDouble(System.getProperty("vara.dropout", "0")),
                Long.parseLong(System.getProperty("vara.seed", "1")));
        VaraAirChannel air = new VaraAirChannel(conditions);
        List<VaraModemEmulator> modems = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            VaraModemEmulator modem = VaraModemEmulator.start(kind, air, Integer.parseInt(args[i]), -1,
                    VaraModemEmulator.ALIVE_INTERVAL);
            modems.add(modem);
            System.out.println("ready: " + modem);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (VaraModemEmulator modem : modems) {
                System.out.println("stopping " + modem + "; commands " + modem.commands().size()
                        + ", violations " + modem.violations().size() + (modem.violations().isEmpty() ? "" : ": " + modem.violations()));
                modem.close();
            }
            System.out.printf(Locale.ROOT, "air: %d sessions, %d dropouts, %d frames, %d payload bytes, %.1f s of pure airtime at the session rates%n",
                    air.sessions(), air.dropouts(), air.framesAired(), air.payloadBytesAired(), air.airNanos() / 1e9);
            air.close();
        }));
        new CountDownLatch(1).await();
    }
}
