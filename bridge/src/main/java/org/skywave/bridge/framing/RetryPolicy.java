package org.skywave.bridge.framing;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait for an acknowledgement before sending a message again: exponential backoff
 * from a base fitted to the link, capped, with jitter so that two stations that lost the same
 * exchange do not retry in lock-step.
 */
public final class RetryPolicy {

    /** No wait is ever longer than this, however many attempts failed: an outage should not hide a link for hours. */
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(10);

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    public RetryPolicy(Duration base, Duration max, RandomGenerator random) {
        this.base = Objects.requireNonNull(base, "base");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base <= 0: " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max < base: " + max + " < " + base);
        }
    }

    /**
     * The wait after attempt number {@code attempts} (1 for the first transmission):
     * base * 2^(attempts-1), capped at max, then scaled by a random factor in [0.75, 1.25).
     */
    public Duration delayAfter(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        double nanos = Math.min((double) max.toNanos(), base.toNanos() * Math.pow(2, doublings));
        double jitter = 0.75 + 0.5 * random.nextDouble();
        return Duration.ofNanos((long) Math.min(max.toNanos(), nanos * jitter));
    }

    public Duration base() {
        return base;
    }
}
