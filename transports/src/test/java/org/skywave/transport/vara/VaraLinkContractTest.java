package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkContractTest;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.skywave.transport.testing.VaraAirChannel;
import org.skywave.transport.testing.VaraModemEmulator;

/**
 * The link contract over VARA HF: two links on two strict emulated modems (1/50 of real VARA
 * timing), with a session from a to b up before each test, as the station opens one before it
 * sends.
 */
class VaraLinkContractTest extends LinkContractTest {

    private static final long WAIT_MS = 60_000; // generous: the build machine may be heavily loaded

    private final VaraAirChannel air = new VaraAirChannel(VaraAirChannel.Conditions.clear().scaled(0.02));
    private VaraModemEmulator modemA;
    private VaraModemEmulator modemB;
    private final java.util.List<org.skywave.transport.Link> links = new java.util.ArrayList<>();

    /** Links are closed too: a link left open would redial its modem's port, which a later test's modem may get. */
    @AfterEach
    void stop() {
        links.forEach(org.skywave.transport.Link::close);
        if (modemA != null) {
            modemA.close();
        }
        if (modemB != null) {
            modemB.close();
        }
        air.close();
    }

    @Override
    protected LinkPair openPair() throws Exception {
        modemA = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air, 0, 0, Duration.ofSeconds(60));
        modemB = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air, 0, 0, Duration.ofSeconds(60));
        VaraTransport transport = new VaraTransport(Clock.systemUTC(), new Random(SEED));
        Recorder aEvents = new Recorder();
        Recorder bEvents = new Recorder();
        VaraLink a = (VaraLink) transport.open(uri(modemA, "N0CALL-1", "peers=N0CALL-2"), aEvents);
        VaraLink b = (VaraLink) transport.open(uri(modemB, "N0CALL-2", "allow=N0CALL-1"), bEvents);
        links.add(a);
        links.add(b);
        await(() -> a.state() == LinkState.UP && b.state() == LinkState.UP, "both modems set up");
        a.openSession(VaraAddress.parse("N0CALL-2"));
        await(() -> aEvents.count(SessionState.UP) == 1 && bEvents.count(SessionState.UP) == 1, "session a to b, up at both ends");
        return new LinkPair(a, aEvents, b, bEvents);
    }

    private static LinkUri uri(VaraModemEmulator modem, String call, String params) throws Exception {
        return LinkUri.parse("vara-hf://127.0.0.1:" + modem.commandPort() + "?data-port=" + modem.dataPort()
                + "&callsign=" + call + "&busy-backoff=10&" + params);
    }

    /**
     * On a link with sessions the far end going away ends the session, not the link: the modem
     * is still there and a new session can be called. So: send after close fails, the far end's
     * session ends, and once the far modem has no host a send to it fails (the call finds nobody;
     * a modem whose host is gone but which still listens would answer, as real VARA does).
     */
    @Override
    @Test
    protected void sendAfterCloseFailsAndTheOtherEndGoesDown() throws Exception {
        LinkPair pair = openPair();
        pair.b().close();
        assertInstanceOf(TransportException.class, outcome(pair.b().broadcast(new byte[] {1, 2, 3})), "send on a closed link");
        await(() -> !modemA.inSession() && !modemB.hostConnected(), "the session ends at a's modem, b's modem has no host");
        assertInstanceOf(TransportException.class, outcome(pair.a().broadcast(new byte[] {4})), "send with the far end gone");
        assertEquals(LinkState.UP, pair.a().state(), "a's modem is still there");
    }

    private static Throwable outcome(java.util.concurrent.CompletableFuture<Void> future) throws Exception {
        try {
            future.get(WAIT_MS, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Override
    protected void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT_MS + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }
}
