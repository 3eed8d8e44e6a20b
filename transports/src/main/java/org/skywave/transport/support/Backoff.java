package org.skywave.transport.support;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Delays between attempts, doubling from a base up to a cap, with jitter so that stations that
 * lost the same server or the same exchange do not try again in lock-step. One helper for every
 * redial (TCP links, KISS TNCs, modems, nodes) and every re-send of an unacknowledged message.
 *
 * <p>{@link #delayAfter(int)} answers for any attempt without state; {@link #next()} and
 * {@link #reset()} count the attempts of one connection. Not thread-safe; one per link.
 */
public final class Backoff {

    /** How the delay of an attempt is spread around its ceiling {@code min(max, base * 2^(attempt-1))}. */
    public enum Jitter {
        /** Exactly the ceiling. */
        NONE,
        /** Uniform between the base and the ceiling ("full jitter"): redials spread widely. */
        FULL,
        /** The ceiling times a factor in [0.75, 1.25), applied after the cap so that two stations at the cap still spread out. */
        SPREAD
    }

    /** Doublings stop here; 2^30 times any base is beyond every cap in use. */
    private static final int MAX_DOUBLINGS = 30;

    private final Duration base;
    private final Duration max;
    private final Jitter jitter;
    private final RandomGenerator random;
    private int attempts;

    /**
     * @param random the jitter's source; may be null only with {@link Jitter#NONE}
     * @throws IllegalArgumentException unless {@code 0 < base <= max}
     */
    public Backoff(Duration base, Duration max, Jitter jitter, RandomGenerator random) {
        this.base = Objects.requireNonNull(base, "base");
        this.max = Objects.requireNonNull(max, "max");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        if (jitter != Jitter.NONE) {
            Objects.requireNonNull(random, "random");
        }
        this.random = random;
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base <= 0: " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max < base: " + max + " < " + base);
        }
    }

    /** The ceiling of attempt {@code attempts} (1 for the first): {@code min(max, base * 2^(attempts-1))}. */
    public Duration ceiling(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, MAX_DOUBLINGS));
        double nanos = Math.min((double) max.toNanos(), base.toNanos() * Math.pow(2, doublings));
        return Duration.ofNanos((long) nanos);
    }

    /** The wait after attempt number {@code attempts} (1 for the first), jitter applied. */
    public Duration delayAfter(int attempts) {
        Duration ceiling = ceiling(attempts);
        return switch (jitter) {
            case NONE -> ceiling;
            case FULL -> base.plusNanos((long) (random.nextDouble() * (ceiling.toNanos() - base.toNanos())));
            case SPREAD -> Duration.ofNanos((long) (ceiling.toNanos() * (0.75 + 0.5 * random.nextDouble())));
        };
    }

    /** The delay before the next attempt of this series; each call raises the ceiling of the following one. */
    public Duration next() {
        if (attempts <= MAX_DOUBLINGS) {
            attempts++;
        }
        return delayAfter(attempts);
    }

    /** After a success the next series starts again from the base. */
    public void reset() {
        attempts = 0;
    }

    public Duration base() {
        return base;
    }

    public Duration max() {
        return max;
    }
}
