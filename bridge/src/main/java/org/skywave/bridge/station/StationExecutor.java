package org.skywave.bridge.station;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.sim.SimClock;

/**
 * The one thread a station runs its events on, and the time it reads. In production a real
 * thread and the system clock; in tests the simulated link's virtual clock, so a whole exchange
 * over a 1200 bit/s link with losses runs deterministically in milliseconds.
 */
public interface StationExecutor extends Executor, AutoCloseable {

    /** Runs {@code task} on the station thread after {@code delay}. */
    void schedule(Duration delay, Runnable task);

    /** Monotonic time in nanoseconds, for timeouts. */
    long nanoTime();

    /** Wall-clock time for queue entries (enqueued, expires, next attempt). */
    Clock clock();

    @Override
    void close();

    /** The boundary every task runs inside, and the count of what it caught. */
    StationFaults faults();

    /** A real daemon thread named {@code station-NAME} and the system clock. */
    static StationExecutor singleThread(String name) {
        StationFaults faults = new StationFaults(name);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "station-" + name);
            t.setDaemon(true);
            return t;
        });
        return new StationExecutor() {
            @Override
            public void execute(Runnable task) {
                try {
                    thread.execute(faults.guard(task));
                } catch (RejectedExecutionException stopped) {
                    // The station is closing: late link events have nothing left to update.
                }
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                try {
                    thread.schedule(faults.guard(task), delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopped) {
                    // As above: no timers after close.
                }
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public void close() {
                thread.shutdownNow();
            }

            @Override
            public StationFaults faults() {
                return faults;
            }
        };
    }

    /**
     * Runs the station on a simulated link's clock: every task is an event of that clock, and wall
     * time is {@code epoch} plus the clock's elapsed time.
     */
    static StationExecutor on(SimClock simClock, Instant epoch) {
        return on(simClock, epoch, () -> { });
    }

    /**
     * As {@link #on(SimClock, Instant)}, running {@code afterEachTask} after every task: a station
     * whose store commits on a thread of its own waits there for the commits a task set off, so
     * that their results arrive at the same virtual moment in every run.
     */
    static StationExecutor on(SimClock simClock, Instant epoch, Runnable afterEachTask) {
        StationFaults faults = new StationFaults("sim");
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return epoch.plusNanos(simClock.nanoTime());
            }
        };
        return new StationExecutor() {
            private volatile boolean closed;

            @Override
            public void execute(Runnable task) {
                schedule(Duration.ZERO, task);
            }

            // As the real thread's shutdownNow: a task still pending at close never runs, so a
            // closed station does not touch its store (which its owner closes next).
            @Override
            public void schedule(Duration delay, Runnable task) {
                Runnable guarded = faults.guard(task);
                simClock.schedule(delay, () -> {
                    if (!closed) {
                        guarded.run();
                        afterEachTask.run();
                    }
                });
            }

            @Override
            public long nanoTime() {
                return simClock.nanoTime();
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public void close() {
                closed = true;
            }

            @Override
            public StationFaults faults() {
                return faults;
            }
        };
    }
}
