package org.skywave.transport.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.skywave.transport.LinkContractTest;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;

/** The link contract over a simulated AX.25 1200 bit/s channel on a virtual clock. */
class SimLinkContractTest extends LinkContractTest {

    /** Simulated time allowed for any one wait: enough for a thousand frames at 1200 bit/s. */
    static final Duration VIRTUAL_BUDGET = Duration.ofHours(2);
    static final Duration STEP = Duration.ofMillis(100);

    VirtualClock clock;
    SimTransport transport;

    @BeforeEach
    void start() {
        clock = new VirtualClock();
        transport = new SimTransport(clock, SEED);
    }

    @AfterEach
    void stop() {
        transport.shutdown();
    }

    @Override
    protected LinkPair openPair() throws Exception {
        Recorder aEvents = new Recorder();
        SimLink a = transport.open(LinkUri.parse("sim:ax25-1200?channel=contract"), aEvents);
        Recorder bEvents = new Recorder();
        SimLink b = transport.open(LinkUri.parse("sim:ax25-1200?channel=contract"), bEvents);
        await(() -> aEvents.saw(LinkState.UP) && bEvents.saw(LinkState.UP), "both ends UP");
        return new LinkPair(a, aEvents, b, bEvents);
    }

    @Override
    protected void await(BooleanSupplier condition, String what) {
        awaitVirtual(clock, condition, what);
    }

    /** Advances the virtual clock in small steps until the condition holds, within a bounded simulated time. */
    static void awaitVirtual(VirtualClock clock, BooleanSupplier condition, String what) {
        long steps = VIRTUAL_BUDGET.dividedBy(STEP);
        for (long i = 0; i <= steps; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            clock.advanceBy(STEP);
        }
        fail("not reached within " + VIRTUAL_BUDGET + " of simulated time: " + what);
    }
}
