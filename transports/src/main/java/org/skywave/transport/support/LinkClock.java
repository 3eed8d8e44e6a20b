package org.skywave.transport.support;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The time a link's pacers run on: monotonic nanoseconds and one-shot timers. Real links use
 * {@link #system}; tests give a virtual clock (the simulated link's {@code VirtualClock}) so that
 * pacing is checked by moving time, not by waiting for it.
 */
public interface LinkClock {

    /** Now, in nanoseconds from an arbitrary origin. */
    long nanoTime();

    /**
     * Runs {@code task} once {@code delay} has passed, on a thread of the clock's (a link re-posts
     * it to its own thread). Tasks due at the same time run in the order they were scheduled.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    void schedule(Duration delay, Runnable task);

    /** {@link System#nanoTime()}, with timers on {@code timers}. */
    static LinkClock system(ScheduledExecutorService timers) {
        return new LinkClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                if (delay.isNegative()) {
                    throw new IllegalArgumentException("negative delay " + delay);
                }
                timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }
}
