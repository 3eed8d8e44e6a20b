package org.skywave.bridge.link;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait for an acknowledgement before sending a message again: exponential backoff
 * from a base fitted to the link, capped, with jitter so that two stations that lost the same
 * exchange do not retry in lock-step.
 */
public final class RetryPolicy {

    /**
     * The backoff stops doubling here, however many attempts failed (jitter may add a quarter):
     * an outage should not hide a link for hours.
     */
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(10);

    /**
     * A link's backoff stops doubling at this many times its base delay: a retry then costs a few
     * percent of the channel's time at most, and a lossy but working link never leaves a message
     * waiting many minutes on an idle channel.
     */
    public static final int MAX_BASE_MULTIPLE = 16;

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

    /** The policy for a link whose base delay is {@code base}: capped at 16 times it, or {@link #DEFAULT_MAX}. */
    public static RetryPolicy forLink(Duration base, RandomGenerator random) {
        Duration multiple = base.multipliedBy(MAX_BASE_MULTIPLE);
        return new RetryPolicy(base, multiple.compareTo(DEFAULT_MAX) < 0 ? multiple : DEFAULT_MAX, random);
    }

    /**
     * The wait after attempt number {@code attempts} (1 for the first transmission):
     * base * 2^(attempts-1), capped at max, then scaled by a random factor in [0.75, 1.25): the
     * jitter applies after the cap, so two stations at the cap still spread out.
     */
    public Duration delayAfter(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        double nanos = Math.min((double) max.toNanos(), base.toNanos() * Math.pow(2, doublings));
        double jitter = 0.75 + 0.5 * random.nextDouble();
        return Duration.ofNanos((long) (nanos * jitter));
    }

    public Duration base() {
        return base;
    }
}
