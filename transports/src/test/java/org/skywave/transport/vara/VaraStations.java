package org.skywave.transport.vara;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.skywave.transport.Link;
import org.skywave.transport.LinkContractTest.Recorder;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;
import org.skywave.transport.testing.VaraAirChannel;
import org.skywave.transport.testing.VaraModemEmulator;

/**
 * Two stations A (N0CALL-1) and B (N0CALL-2), each a {@link VaraLink} on its own emulated modem,
 * the modems joined by one {@link VaraAirChannel}. Waits are bounded; everything is closed by
 * {@link #close()}.
 */
final class VaraStations implements AutoCloseable {

    static final String CALL_A = "N0CALL-1";
    static final String CALL_B = "N0CALL-2";
    static final Duration WAIT = Duration.ofSeconds(60); // generous: the build machine may be heavily loaded

    final VaraModemEmulator.Kind kind;
    final VaraAirChannel air;
    final VaraModemEmulator modemA;
    final VaraModemEmulator modemB;
    final Recorder aEvents = new Recorder();
    final Recorder bEvents = new Recorder();
    Link a;
    Link b;

    private VaraStations(VaraModemEmulator.Kind kind, VaraAirChannel air, VaraModemEmulator modemA, VaraModemEmulator modemB) {
        this.kind = kind;
        this.air = air;
        this.modemA = modemA;
        this.modemB = modemB;
    }

    /** Starts the modems (IAMALIVE every {@code alive}) and nothing else. */
    static VaraStations modems(VaraModemEmulator.Kind kind, VaraAirChannel.Conditions conditions, Duration alive) throws IOException {
        VaraAirChannel air = new VaraAirChannel(conditions);
        VaraModemEmulator ma = VaraModemEmulator.start(kind, air, 0, 0, alive);
        VaraModemEmulator mb = VaraModemEmulator.start(kind, air, 0, 0, alive);
        return new VaraStations(kind, air, ma, mb);
    }

    /** Modems at 1/50 of real VARA timing, and both links open and UP; A calls B, B lets A in. */
    static VaraStations started(VaraModemEmulator.Kind kind, String extraA, String extraB) throws Exception {
        VaraStations s = modems(kind, VaraAirChannel.Conditions.clear().scaled(0.02), Duration.ofSeconds(60));
        s.a = s.open(s.modemA, CALL_A, "peers=" + CALL_B + (extraA.isEmpty() ? "" : "&" + extraA), s.aEvents);
        s.b = s.open(s.modemB, CALL_B, "allow=" + CALL_A + (extraB.isEmpty() ? "" : "&" + extraB), s.bEvents);
        s.await(() -> s.a.state() == LinkState.UP && s.b.state() == LinkState.UP, "both links UP");
        return s;
    }

    String uri(VaraModemEmulator modem, String call, String extra) {
        String scheme = kind == VaraModemEmulator.Kind.HF ? "vara-hf" : "vara-fm";
        return scheme + "://127.0.0.1:" + modem.commandPort() + "?data-port=" + modem.dataPort() + "&callsign=" + call
                + "&busy-backoff=20" + (extra.isEmpty() ? "" : "&" + extra);
    }

    Link open(VaraModemEmulator modem, String call, String extra, Recorder events) throws TransportException {
        return new VaraTransport(java.time.Clock.systemUTC(), new Random(7)).open(LinkUri.parse(uri(modem, call, extra)), events);
    }

    void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT + ": " + what + "\nA: " + aEvents.stateDetails() + " " + aEvents.sessionEvents()
                        + "\nB: " + bEvents.stateDetails() + " " + bEvents.sessionEvents()
                        + "\nmodem A commands " + modemA.commands() + "\nmodem B commands " + modemB.commands());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        modemA.close();
        modemB.close();
        air.close();
    }
}
