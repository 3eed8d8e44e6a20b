package org.skywave.transport.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skywave.transport.support.Backoff.Jitter;

/** The one backoff of every redial and re-send: ceilings, the three jitters, reset, bad settings. */
class BackoffTest {

    private static final long SEED = 0x5EED_2025L;
    private static final Duration BASE = Duration.ofSeconds(8);
    private static final Duration MAX = Duration.ofMinutes(10);

    private static Backoff redial(long seed) {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Jitter.FULL, new SplittableRandom(seed));
    }

    @Test
    void withoutJitterTheDelayDoublesUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), Jitter.NONE, null);
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = b.next().toMillis();
        }
        assertArrayEquals(new long[] {50, 100, 200, 400, 400, 400}, delays);
        for (int i = 0; i < 100; i++) {
            b.next();
        }
        assertEquals(400, b.next().toMillis(), "still capped after many attempts");
        assertEquals(Duration.ofMillis(400), b.delayAfter(Integer.MAX_VALUE));
    }

    @Test
    void fullJitterLiesBetweenTheBaseAndTheCeilingAndSpansIt() {
        Backoff b = redial(SEED);
        assertEquals(Duration.ofMillis(500), b.ceiling(1));
        assertEquals(Duration.ofMillis(16_000), b.ceiling(6));
        assertEquals(Duration.ofMillis(30_000), b.ceiling(7));
        for (int attempt = 1; attempt <= 200; attempt++) {
            long delay = b.next().toMillis();
            long ceiling = b.ceiling(attempt).toMillis();
            assertTrue(delay >= 500 && delay <= ceiling, "attempt " + attempt + ": " + delay + " not in 500.." + ceiling + " (seed " + SEED + ")");
        }
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = b.next().toMillis();
            lowest = Math.min(lowest, delay);
            highest = Math.max(highest, delay);
        }
        assertTrue(lowest < 3_500 && highest > 27_000, "1000 capped delays span " + lowest + ".." + highest + " (seed " + SEED + ")");
    }

    @Test
    void sameSeedGivesTheSameDelaysAndResetStartsAgainAtTheBase() {
        Backoff one = redial(SEED);
        Backoff two = redial(SEED);
        for (int i = 0; i < 50; i++) {
            assertEquals(one.next(), two.next(), "attempt " + i);
        }
        one.reset();
        assertEquals(Duration.ofMillis(500), one.next(), "the first attempt after a reset waits exactly the base");
    }

    @Test
    void spreadDoublesFromTheBaseWithJitterOfAQuarter() {
        Backoff b = new Backoff(BASE, MAX, Jitter.SPREAD, new SplittableRandom(3));
        for (int attempts = 1; attempts <= 5; attempts++) {
            double nominal = BASE.toNanos() * Math.pow(2, attempts - 1);
            for (int i = 0; i < 200; i++) {
                long delay = b.delayAfter(attempts).toNanos();
                assertTrue(delay >= 0.75 * nominal && delay < 1.25 * nominal, "attempt " + attempts + ": " + delay);
            }
        }
    }

    @Test
    void spreadStillSpreadsRetriesAtTheCap() {
        Backoff b = new Backoff(BASE, MAX, Jitter.SPREAD, new SplittableRandom(5));
        int atExactlyMax = 0;
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = b.delayAfter(40).toNanos();
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
                () -> new Backoff(Duration.ZERO, MAX, Jitter.NONE, null));
        assertEquals("base <= 0: PT0S", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Backoff(MAX, BASE, Jitter.NONE, null));
        assertEquals("max < base: PT8S < PT10M", e.getMessage());
        assertThrows(NullPointerException.class, () -> new Backoff(BASE, MAX, Jitter.FULL, null), "jitter needs a random source");
    }
}
