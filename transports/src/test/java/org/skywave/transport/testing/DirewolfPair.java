package org.skywave.transport.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.skywave.transport.ax25.Callsign;

/**
 * Two Direwolf TNCs joined by a software audio path, crossed so that each hears the other and
 * never itself, like two radios (test-peers.md section 1):
 *
 * <pre>
 * Direwolf A (N0CALL-1)  TX -> null sink radioA -> radioA.monitor -> RX  Direwolf B (N0CALL-2)
 *                        RX <- radioB.monitor <- null sink radioB <- TX
 * </pre>
 *
 * {@link #start} returns once both stations have decoded a warm-up frame from the other, so
 * the first real frame is not the clipped first transmission. {@link #close} stops exactly the
 * three processes it started. The same setup by hand: {@code transports/src/test/scripts/direwolf-pair.sh}.
 */
public final class DirewolfPair implements AutoCloseable {

    public static final Callsign CALL_A = Callsign.parse("N0CALL-1");
    public static final Callsign CALL_B = Callsign.parse("N0CALL-2");
    /** Direwolf's default KISS port, and the one the README's demo uses for station B. */
    public static final int DEFAULT_KISS_PORT_A = 8001;
    public static final int DEFAULT_KISS_PORT_B = 8011;
    static final int WARMUP_ATTEMPTS = 4;
    static final Duration WARMUP_WAIT = Duration.ofSeconds(6);

    private final PulseAudioServer pulse;
    private final DirewolfProcess a;
    private final DirewolfProcess b;

    private DirewolfPair(PulseAudioServer pulse, DirewolfProcess a, DirewolfProcess b) {
        this.pulse = pulse;
        this.a = a;
        this.b = b;
    }

    /** A 1200-baud pair on free loopback ports, working files under {@code dir}. */
    public static DirewolfPair start(Path dir) throws IOException, InterruptedException {
        int[] ports = freePorts(4);
        return start(dir, ports[0], ports[1], ports[2], ports[3], 1200);
    }

    /** A 1200-baud pair with fixed KISS ports (e.g. 8001 and 8011 for the demo); AGW ports are free ones. */
    public static DirewolfPair start(Path dir, int kissPortA, int kissPortB) throws IOException, InterruptedException {
        int[] ports = freePorts(2);
        return start(dir, kissPortA, ports[0], kissPortB, ports[1], 1200);
    }

    /** A pair with every port and the modem (300, 1200, 9600) given. */
    public static DirewolfPair start(Path dir, int kissPortA, int agwPortA, int kissPortB, int agwPortB, int modem)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"));
        DirewolfProcess a = null;
        DirewolfProcess b = null;
        try {
            a = new DirewolfProcess("A", CALL_A, dir.resolve("dw-A"), pulse, "radioA", "radioB.monitor", kissPortA, agwPortA, modem);
            b = new DirewolfProcess("B", CALL_B, dir.resolve("dw-B"), pulse, "radioB", "radioA.monitor", kissPortB, agwPortB, modem);
            a.start();
            b.start();
            DirewolfPair pair = new DirewolfPair(pulse, a, b);
            warmUp(a, b);
            warmUp(b, a);
            return pair;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopQuietly(a);
            stopQuietly(b);
            pulse.close();
            throw e;
        }
    }

    /**
     * Sends warm-up frames from {@code from} until {@code to} has decoded one (the first transmission
     * after a start is clipped). Also used after {@link DirewolfProcess#restart()}.
     */
    public static void warmUp(DirewolfProcess from, DirewolfProcess to) throws IOException, InterruptedException {
        String heard = from.callsign() + ">" + DirewolfProcess.WARMUP_DESTINATION;
        int before = to.logCount(heard);
        for (int attempt = 1; attempt <= WARMUP_ATTEMPTS; attempt++) {
            from.sendWarmUp();
            try {
                to.awaitLog(heard, before + 1, WARMUP_WAIT);
                return;
            } catch (IllegalStateException notYet) {
                if (attempt == WARMUP_ATTEMPTS || !to.isRunning()) {
                    throw new IllegalStateException(to + " decoded none of " + WARMUP_ATTEMPTS + " warm-up frames from "
                            + from + "; see " + to.log() + " and " + from.log(), notYet);
                }
            }
        }
    }

    private static void stopQuietly(DirewolfProcess p) throws InterruptedException {
        if (p != null) {
            p.stop();
        }
    }

    /** Distinct free TCP ports on loopback (free when asked; Direwolf binds them right after). */
    static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int attempts = 0;
            do {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    ports[i] = s.getLocalPort();
                }
                if (++attempts > 50) {
                    throw new IOException("no free port after 50 attempts");
                }
            } while (!seen.add(ports[i]));
        }
        return ports;
    }

    /** Station A, N0CALL-1. */
    public DirewolfProcess a() {
        return a;
    }

    /** Station B, N0CALL-2. */
    public DirewolfProcess b() {
        return b;
    }

    public long pulseAudioPid() {
        return pulse.pid();
    }

    @Override
    public void close() {
        try {
            a.stop();
            b.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pulse.close();
        }
    }

    @Override
    public String toString() {
        return "DirewolfPair[" + a + ", " + b + "]";
    }
}
