package org.skywave.transport.tcp;

import java.time.Duration;
import java.time.Instant;

/**
 * A peer refused until a time ({@link TcpLink#disconnect}): the end on the monotonic clock for
 * the checks and as wall time for people, and why.
 */
record Ban(long untilNanos, Instant until, String reason) {

    /** A ban from now for {@code time}. */
    static Ban lasting(Duration time, String reason) {
        return new Ban(System.nanoTime() + time.toNanos(), Instant.now().plus(time), reason);
    }

    boolean over() {
        return nanosLeft() <= 0;
    }

    long nanosLeft() {
        return untilNanos - System.nanoTime();
    }

    /** Whether this ban ends later than {@code other}. */
    boolean endsAfter(Ban other) {
        return untilNanos - other.untilNanos > 0;
    }

    String describe() {
        return "peer banned until " + until + " (" + reason + ")";
    }
}
