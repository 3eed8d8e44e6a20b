package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreOptions;

/**
 * SIGTERM at many points of start-up, as systemd sends it when a stop follows a start closely:
 * each time the daemon exits with status 0, logs no exception, and closes the store it opened.
 */
class RunCommandStopTest {

    /** Points at which SIGTERM is sent, spread over one measured start-up (and a little past it). */
    private static final int POINTS = 12;

    @TempDir
    Path dir;

    private Process daemon;

    @AfterEach
    void stopDaemon() {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
        }
    }

    @Test
    void sigtermAnywhereInStartUpStopsCleanly() throws Exception {
        long startUpNanos = measureStartUp();
        List<String> report = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            long delayNanos = startUpNanos * i / (POINTS - 2); // the last two land after READY
            Path run = Files.createDirectories(dir.resolve("run-" + i));
            Path config = Files.writeString(run.resolve("skywave.toml"), RunCommandTest.config(run, RunCommandTest.freePort()));
            daemon = RunCommandTest.start(config, Map.of());
            LinkedBlockingQueue<String> lines = RunCommandTest.lines(daemon);
            TimeUnit.NANOSECONDS.sleep(delayNanos);
            daemon.toHandle().destroy(); // SIGTERM
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "no exit within 30 s of SIGTERM at " + millis(delayNanos) + " ms");
            String output = drain(lines);
            String where = "SIGTERM " + millis(delayNanos) + " ms after spawning; output:\n" + output;
            if (output.isEmpty()) {
                // Before the daemon's first instruction the JVM's own handler ends it (status 143,
                // declared a success in the unit), and nothing was opened.
                assertEquals(143, daemon.exitValue(), where);
                report.add(millis(delayNanos) + " ms: before main");
                continue;
            }
            assertEquals(0, daemon.exitValue(), where);
            assertFalse(output.contains("Exception"), where);
            assertFalse(output.contains("admin API on") && output.indexOf("admin API on") > output.indexOf("stopping"), where);
            if (output.contains("store: opened")) {
                assertTrue(output.indexOf("store: closed") > output.indexOf("store: opened"), where);
            }
            assertTrue(output.strip().endsWith("stopped") || !output.contains("store: opened"), where);
            // The store was closed and unlocked: it opens again at once.
            Path db = run.resolve("data").resolve("skywave.db");
            if (Files.exists(db)) {
                MessageStore.open(db, StoreOptions.builder().build()).close();
            }
            report.add(millis(delayNanos) + " ms: " + lastPhase(output));
        }
        System.out.println("run: SIGTERM during start-up, " + report);
    }

    /** Spawns one daemon and times it from spawning to its "admin API on" line (the last start step). */
    private long measureStartUp() throws Exception {
        Path run = Files.createDirectories(dir.resolve("measure"));
        Path config = Files.writeString(run.resolve("skywave.toml"), RunCommandTest.config(run, RunCommandTest.freePort()));
        long spawned = System.nanoTime();
        daemon = RunCommandTest.start(config, Map.of());
        RunCommandTest.awaitLine(RunCommandTest.lines(daemon), "admin API on", new StringBuilder());
        long startUp = System.nanoTime() - spawned;
        daemon.toHandle().destroy();
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue());
        return startUp;
    }

    private static String drain(LinkedBlockingQueue<String> lines) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        // The reader thread may still be copying the last lines after the process ended.
        for (String line = lines.poll(2, TimeUnit.SECONDS); line != null; line = lines.poll(300, TimeUnit.MILLISECONDS)) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String lastPhase(String output) {
        if (output.contains("admin API on")) {
            return "after admin API";
        }
        if (output.contains("station test-station: started")) {
            return "after station start";
        }
        return output.contains("store: opened") ? "after store open" : "before store open";
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
