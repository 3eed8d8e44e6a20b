package org.skywave.bridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keep-alives go out only after the station thread has run a probe, so they stop while it hangs. */
class WatchdogTest {

    @TempDir
    Path dir;

    @Test
    void keepAlivesComeFromTheStationThreadAndStopWhileItHangs() throws Exception {
        ExecutorService station = Executors.newSingleThreadExecutor(r -> new Thread(r, "station-test"));
        try (NotifySocket systemd = NotifySocket.bind(dir.resolve("notify"));
             SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path().toString()), 1);
             Watchdog watchdog = Watchdog.start(() -> CompletableFuture.runAsync(() -> { }, station), notify, Duration.ofMillis(50))) {
            assertEquals("WATCHDOG=1", systemd.await("WATCHDOG=1", Duration.ofSeconds(10)));
            assertEquals("WATCHDOG=1", systemd.await("WATCHDOG=1", Duration.ofSeconds(10)));

            CompletableFuture<Void> release = new CompletableFuture<>();
            station.execute(release::join); // the station thread hangs
            drain(systemd);
            assertNull(systemd.receive(Duration.ofMillis(500)), "a keep-alive while the station thread hangs");
            release.complete(null);
            assertEquals("WATCHDOG=1", systemd.await("WATCHDOG=1", Duration.ofSeconds(10)));
        } finally {
            station.shutdownNow();
        }
    }

    /** Reads what was already sent before the hang took hold (at most the probe then in flight). */
    private static void drain(NotifySocket systemd) throws IOException {
        while (systemd.receive(Duration.ofMillis(200)) != null) {
            // discard
        }
    }
}
