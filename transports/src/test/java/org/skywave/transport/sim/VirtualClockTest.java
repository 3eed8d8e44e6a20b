package org.skywave.transport.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    private final VirtualClock clock = new VirtualClock();

    @Test
    void timeMovesOnlyWhenTold() {
        assertEquals(0, clock.nanoTime());
        clock.schedule(Duration.ofSeconds(1), () -> { });
        assertEquals(0, clock.nanoTime());
        clock.advanceBy(Duration.ofMillis(1500));
        assertEquals(1_500_000_000L, clock.nanoTime());
        assertEquals(Duration.ofMillis(1500), clock.elapsed());
    }

    @Test
    void tasksAtEqualTimesRunInSchedulingOrder() {
        List<String> order = new ArrayList<>();
        clock.schedule(Duration.ofMillis(10), () -> order.add("later"));
        clock.schedule(Duration.ofMillis(5), () -> order.add("first"));
        clock.schedule(Duration.ofMillis(5), () -> order.add("second"));
        clock.schedule(Duration.ofMillis(5), () -> order.add("third"));
        clock.advanceBy(Duration.ofMillis(10));
        assertEquals(List.of("first", "second", "third", "later"), order);
    }

    @Test
    void eachTaskSeesItsOwnDueTimeAndOnlyDueTasksRun() {
        List<Long> seen = new ArrayList<>();
        clock.schedule(Duration.ofNanos(300), () -> seen.add(clock.nanoTime()));
        clock.schedule(Duration.ofNanos(700), () -> seen.add(clock.nanoTime()));
        assertEquals(1, clock.advanceBy(Duration.ofNanos(500)));
        assertEquals(List.of(300L), seen);
        assertEquals(1, clock.pendingEvents());
        clock.advanceBy(Duration.ofNanos(200));
        assertEquals(List.of(300L, 700L), seen);
    }

    @Test
    void tasksScheduledWithinTheWindowRunInTheSameAdvance() {
        List<Long> seen = new ArrayList<>();
        clock.schedule(Duration.ofMillis(1), () -> clock.schedule(Duration.ofMillis(1), () -> seen.add(clock.nanoTime())));
        clock.advanceBy(Duration.ofMillis(2));
        assertEquals(List.of(2_000_000L), seen);
    }

    @Test
    void runUntilIdleRunsEverythingAndMovesTimeToTheLastTask() {
        clock.schedule(Duration.ofHours(1), () -> { });
        clock.schedule(Duration.ofSeconds(1), () -> { });
        assertEquals(2, clock.runUntilIdle(10));
        assertEquals(Duration.ofHours(1), clock.elapsed());
    }

    @Test
    void runUntilIdleIsBounded() {
        Runnable[] forever = new Runnable[1];
        forever[0] = () -> clock.schedule(Duration.ofMillis(1), forever[0]);
        clock.schedule(Duration.ZERO, forever[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> clock.runUntilIdle(100));
        assertTrue(e.getMessage().contains("after running 100"), e.getMessage());
    }

    @Test
    void refusesNegativeDelays() {
        assertThrows(IllegalArgumentException.class, () -> clock.schedule(Duration.ofNanos(-1), () -> { }));
        assertThrows(IllegalArgumentException.class, () -> clock.advanceBy(Duration.ofNanos(-1)));
    }
}
