package org.skywave.transport.tcp;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Delays between reconnect attempts: exponential backoff with full jitter. Attempt n waits a
 * uniformly random time between {@code min} and {@code min(max, min * 2^n)}, so that stations
 * that lost the same server do not all redial at the same instant. Not thread-safe; one per link.
 */
final class ReconnectBackoff {

    private final long minMillis;
    private final long maxMillis;
    private final Random random;
    private int attempt;

    ReconnectBackoff(Duration min, Duration max, Random random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = Objects.requireNonNull(random, "random");
        if (minMillis < 1 || minMillis > maxMillis) {
            throw new IllegalArgumentException("need 1 <= min <= max, got min " + min + " max " + max);
        }
    }

    /** The delay before the next attempt; each call makes the ceiling for the following one higher. */
    long nextDelayMillis() {
        long ceiling = ceilingMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        return ceiling == minMillis ? minMillis : minMillis + (long) (random.nextDouble() * (ceiling - minMillis + 1));
    }

    /** The upper bound of the delay of attempt {@code n} (0-based). */
    long ceilingMillis(int n) {
        long ceiling = minMillis;
        for (int i = 0; i < n && ceiling < maxMillis; i++) {
            ceiling = ceiling * 2;
        }
        return Math.min(ceiling, maxMillis);
    }

    /** After a successful connection the next loss starts again from {@code min}. */
    void reset() {
        attempt = 0;
    }
}
