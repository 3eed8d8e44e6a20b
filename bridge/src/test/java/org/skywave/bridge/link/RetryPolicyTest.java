package org.skywave.bridge.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Duration BASE = Duration.ofSeconds(8);
    private static final Duration MAX = Duration.ofMinutes(10);

    @Test
    void doublesFromTheBaseWithJitterOfAQuarter() {
        RetryPolicy policy = new RetryPolicy(BASE, MAX, new SplittableRandom(3));
        for (int attempts = 1; attempts <= 5; attempts++) {
            double nominal = BASE.toNanos() * Math.pow(2, attempts - 1);
            for (int i = 0; i < 200; i++) {
                long delay = policy.delayAfter(attempts).toNanos();
                assertTrue(delay >= 0.75 * nominal && delay < 1.25 * nominal, "attempt " + attempts + ": " + delay);
            }
        }
    }

    @Test
    void jitterStillSpreadsRetriesAtTheCap() {
        RetryPolicy policy = new RetryPolicy(BASE, MAX, new SplittableRandom(5));
        int atExactlyMax = 0;
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = policy.delayAfter(40).toNanos();
            atExactlyMax += delay == MAX.toNanos() ? 1 : 0;
            shortest = Math.min(shortest, delay);
            longest = Math.max(longest, delay);
        }
        assertEquals(0, atExactlyMax, "retries pile up on the cap: stations at the cap would retry in lock-step");
        assertTrue(shortest >= 0.75 * MAX.toNanos() && shortest < 0.8 * MAX.toNanos(), "shortest " + shortest);
        assertTrue(longest < 1.25 * MAX.toNanos() && longest > 1.2 * MAX.toNanos(), "longest " + longest);
    }

    @Test
    void refusesImpossibleSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ZERO, MAX, new SplittableRandom(1)));
        assertEquals("base <= 0: PT0S", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(MAX, BASE, new SplittableRandom(1)));
        assertEquals("max < base: PT8S < PT10M", e.getMessage());
    }

    @Test
    void aLinkPolicyStopsDoublingAtSixteenTimesItsBase() {
        RetryPolicy fast = RetryPolicy.forLink(BASE, new SplittableRandom(7));
        long longest = 0;
        for (int i = 0; i < 500; i++) {
            longest = Math.max(longest, fast.delayAfter(30).toNanos());
        }
        assertTrue(longest < 1.25 * 16 * BASE.toNanos() && longest > 15 * BASE.toNanos(), "longest " + longest);

        RetryPolicy slow = RetryPolicy.forLink(Duration.ofMinutes(6), new SplittableRandom(7));
        assertTrue(slow.delayAfter(30).toNanos() < 1.25 * MAX.toNanos(), "a slow link still stops at " + MAX);
    }
}
