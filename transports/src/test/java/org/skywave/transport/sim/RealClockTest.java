package org.skywave.transport.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RealClockTest {

    // The late task is due well after the early ones, so a thread descheduled between the three
    // schedule calls on a loaded machine cannot put it first.
    @Test
    void runsTasksInDueOrderOnItsOwnThread() throws Exception {
        try (RealClock clock = new RealClock()) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(3);
            long start = clock.nanoTime();
            clock.schedule(Duration.ofMillis(500), () -> {
                order.add("late");
                done.countDown();
            });
            clock.schedule(Duration.ofMillis(20), () -> {
                order.add("early-1 " + Thread.currentThread().getName());
                done.countDown();
            });
            clock.schedule(Duration.ofMillis(20), () -> {
                order.add("early-2");
                done.countDown();
            });
            assertTrue(done.await(5, TimeUnit.SECONDS), "tasks ran");
            assertEquals(List.of("early-1 skywave-sim-clock", "early-2", "late"), order);
            assertTrue(clock.nanoTime() - start >= 500_000_000L, "no task ran before it was due");
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheOthersAndTasksAfterCloseAreDropped() throws Exception {
        RealClock clock = new RealClock();
        CountDownLatch ran = new CountDownLatch(1);
        clock.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("deliberate");
        });
        clock.schedule(Duration.ofMillis(1), ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        clock.close();
        clock.schedule(Duration.ZERO, () -> {
            throw new AssertionError("must not run after close");
        });
    }
}
