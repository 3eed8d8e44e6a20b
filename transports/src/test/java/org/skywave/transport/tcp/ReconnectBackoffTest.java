package org.skywave.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    static final long SEED = 4242L;

    private static ReconnectBackoff backoff(long seed) {
        return new ReconnectBackoff(Duration.ofMillis(500), Duration.ofMillis(30_000), new Random(seed));
    }

    @Test
    void ceilingDoublesFromTheMinimumAndStopsAtTheMaximum() {
        ReconnectBackoff b = backoff(SEED);
        assertEquals(500, b.ceilingMillis(0));
        assertEquals(1000, b.ceilingMillis(1));
        assertEquals(16_000, b.ceilingMillis(5));
        assertEquals(30_000, b.ceilingMillis(6));
        assertEquals(30_000, b.ceilingMillis(1000));
    }

    @Test
    void everyDelayLiesBetweenTheMinimumAndItsAttemptsCeiling() {
        ReconnectBackoff b = backoff(SEED);
        for (int attempt = 0; attempt < 200; attempt++) {
            long delay = b.nextDelayMillis();
            long ceiling = b.ceilingMillis(attempt);
            assertTrue(delay >= 500 && delay <= ceiling, "attempt " + attempt + ": " + delay + " not in 500.." + ceiling + " (seed " + SEED + ")");
        }
    }

    @Test
    void jitterSpreadsDelaysAcrossTheWholeRange() {
        ReconnectBackoff b = backoff(SEED);
        for (int i = 0; i < 10; i++) {
            b.nextDelayMillis();
        }
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = b.nextDelayMillis();
            lowest = Math.min(lowest, delay);
            highest = Math.max(highest, delay);
        }
        assertTrue(lowest < 3_500 && highest > 27_000, "1000 capped delays span " + lowest + ".." + highest + " (seed " + SEED + ")");
    }

    @Test
    void sameSeedGivesTheSameDelays() {
        ReconnectBackoff one = backoff(SEED);
        ReconnectBackoff two = backoff(SEED);
        for (int i = 0; i < 50; i++) {
            assertEquals(one.nextDelayMillis(), two.nextDelayMillis(), "attempt " + i);
        }
    }

    @Test
    void resetStartsAgainFromTheMinimum() {
        ReconnectBackoff b = backoff(SEED);
        for (int i = 0; i < 10; i++) {
            b.nextDelayMillis();
        }
        b.reset();
        assertEquals(500, b.nextDelayMillis(), "the first attempt after a reset waits exactly the minimum");
    }

    @Test
    void refusesMinimumAboveMaximum() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), new Random(SEED)));
    }
}
