package org.skywave.transport.testing;

import java.util.concurrent.CountDownLatch;
import org.skywave.transport.js8call.Js8FormatException;
import org.skywave.transport.js8call.Js8Speed;

/**
 * Two {@link Js8CallEmulator}s on a perfect {@link Js8Channel}, as a program, for trying the demo
 * without JS8Call ({@code EMULATED=1 js8call-pair.sh start}). Runs until killed.
 *
 * <p>Arguments: API port and callsign of A, of B, JS8Call speed number (0, 1, 2, 4), and optionally
 * a time scale (default 0.1: JS8 periods ten times shorter than on the air).
 */
public final class Js8CallEmulatorPair {

    private Js8CallEmulatorPair() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: Js8CallEmulatorPair PORT_A CALL_A PORT_B CALL_B SPEED [TIME_SCALE]");
            System.exit(64);
        }
        Js8Speed speed;
        try {
            speed = Js8Speed.fromId(Integer.parseInt(args[4]));
        } catch (Js8FormatException | NumberFormatException e) {
            System.err.println("Js8CallEmulatorPair: " + e.getMessage());
            System.exit(64);
            return;
        }
        double scale = args.length > 5 ? Double.parseDouble(args[5]) : 0.1;
        Js8Channel channel = Js8Channel.perfect();
        try (Js8CallEmulator a = new Js8CallEmulator(args[1], speed, channel, Integer.parseInt(args[0]), scale);
             Js8CallEmulator b = new Js8CallEmulator(args[3], speed, channel, Integer.parseInt(args[2]), scale)) {
            System.out.printf("JS8Call emulators: %s on 127.0.0.1:%d, %s on 127.0.0.1:%d, %s, time x%s%n",
                    a.callsign(), a.port(), b.callsign(), b.port(), speed, scale);
            new CountDownLatch(1).await();
        }
    }
}
