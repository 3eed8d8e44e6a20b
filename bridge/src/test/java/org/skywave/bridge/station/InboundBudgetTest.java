package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.framing.FrameHeader;

class InboundBudgetTest {

    private static final int FRAME = 64 * 1024;

    private final AtomicLong now = new AtomicLong(5_000);
    private final InboundBudget budget = new InboundBudget(now::get);

    @Test
    void onePeerMayHaveOnlyItsShareWaitingAndOthersAreStillLetIn() {
        int fit = (int) (InboundBudget.MAX_WAITING_BYTES_PER_PEER / FRAME);
        for (int i = 0; i < fit; i++) {
            assertTrue(budget.admit("internet/10.0.0.1", FRAME));
        }
        assertFalse(budget.admit("internet/10.0.0.1", FRAME), "past its share");
        assertTrue(budget.admit("internet/10.0.0.2", FRAME), "another peer is not held up");
        assertEquals(1, budget.droppedWaiting());
        budget.done("internet/10.0.0.1", FRAME);
        assertTrue(budget.admit("internet/10.0.0.1", FRAME), "room again once the station read one");
    }

    @Test
    void allPeersTogetherAreBounded() {
        long admitted = 0;
        for (int peer = 0; peer < 1_000 && budget.admit("internet/10.0." + peer / 256 + "." + peer % 256, FRAME); peer++) {
            admitted += FRAME;
        }
        assertTrue(admitted <= InboundBudget.MAX_WAITING_BYTES && admitted > InboundBudget.MAX_WAITING_BYTES - FRAME,
                "admitted " + admitted);
    }

    @Test
    void aPeerOverItsDecompressionBudgetWaitsForItToRefill() {
        String peer = "internet/10.0.0.1";
        int bombs = 0;
        while (budget.mayInflate(peer)) {
            budget.inflated(peer, FrameHeader.MAX_MESSAGE_BYTES); // each bomb costs the limit
            bombs++;
        }
        assertEquals(InboundBudget.INFLATE_BURST_BYTES / FrameHeader.MAX_MESSAGE_BYTES, bombs, "the burst");
        assertTrue(budget.mayInflate("internet/10.0.0.2"), "another peer has its own budget");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(budget.mayInflate(peer), "a second later it has room again");
        budget.inflated(peer, FrameHeader.MAX_MESSAGE_BYTES); // another bomb: 3 MiB in debt
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertFalse(budget.mayInflate(peer), "no more until the debt is paid off");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(budget.mayInflate(peer), "one bomb every four seconds: the budget of 1 MiB a second");
        assertEquals(2, budget.droppedInflate());
    }

    @Test
    void seesTheCompressedFlagInTheFirstByte() {
        assertTrue(InboundBudget.compressed(FrameHeader.unfragmented(true, false).encode()));
        assertFalse(InboundBudget.compressed(FrameHeader.unfragmented(false, false).encode()));
        assertFalse(InboundBudget.compressed(new byte[0]));
    }
}
