package org.skywave.transport.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Wall-clock time for the demo: tasks run on one daemon thread, so a simulated channel's events
 * and callbacks never run concurrently. Tasks scheduled after {@link #close()} are dropped.
 */
public final class RealClock implements SimClock, AutoCloseable {

    /** Bound on waiting for a running task at close. */
    static final long CLOSE_WAIT_MS = 2_000;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "skywave-sim-clock");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay < 0: " + delay);
        }
        try {
            executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // The clock thread is shared by every simulated event: one failure must not stop the others.
                    Logger.error(e, "simulated event failed");
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            Logger.debug("sim clock closed; task dropped");
        }
    }

    /** Stops the clock thread; pending tasks are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                Logger.warn("sim clock thread did not stop within {} ms", CLOSE_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
