package org.skywave.transport.sim;

import java.time.Duration;
import org.skywave.transport.support.LinkClock;

/**
 * The time a simulated channel runs on: {@link VirtualClock} for tests (time moves only when the
 * test says), {@link RealClock} for the demo. All simulated events and listener callbacks run
 * on the clock's thread (for a virtual clock, the thread that advances it).
 */
public interface SimClock extends LinkClock {

    /** Now, in nanoseconds from an arbitrary origin. */
    @Override
    long nanoTime();

    /**
     * Runs {@code task} once {@code delay} has passed. Tasks due at the same time run in the
     * order they were scheduled.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    @Override
    void schedule(Duration delay, Runnable task);
}
