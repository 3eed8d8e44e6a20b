package org.skywave.bridge.daemon;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends systemd's {@code WATCHDOG=1} on behalf of the station thread: every interval a timer asks
 * the station to run a small task (the probe), and the keep-alive goes out only once that task has
 * run there (from the station thread itself, unless it was quicker than the timer). A station thread that hangs therefore stops the keep-alives, and systemd restarts the
 * service; while one probe is still waiting, no second one is queued behind it.
 */
public final class Watchdog implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private CompletableFuture<?> pending = CompletableFuture.completedFuture(null);

    private Watchdog(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts the keep-alives.
     *
     * @param probe    runs a small task on the station thread; its future completes there
     * @param systemd  where {@code WATCHDOG=1} goes
     * @param interval between two probes (half of systemd's {@code WatchdogSec})
     */
    public static Watchdog start(Supplier<? extends CompletableFuture<?>> probe, SystemdNotify systemd, Duration interval) {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(systemd, "systemd");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval not positive: " + interval);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchdog");
            t.setDaemon(true);
            return t;
        });
        Watchdog watchdog = new Watchdog(timer);
        timer.scheduleAtFixedRate(() -> watchdog.probe(probe, systemd), 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return watchdog;
    }

    private void probe(Supplier<? extends CompletableFuture<?>> probe, SystemdNotify systemd) {
        if (!pending.isDone()) {
            return; // the station thread has not run the last probe yet: no keep-alive
        }
        pending = probe.get().thenRun(systemd::watchdog);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
