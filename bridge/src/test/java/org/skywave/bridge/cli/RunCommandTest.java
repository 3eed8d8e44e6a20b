package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.daemon.NotifySocket;

/** {@code skywave run} as the daemon runs under systemd: a child JVM, stopped with SIGTERM. */
class RunCommandTest {

    @TempDir
    Path dir;

    private Process daemon;

    @AfterEach
    void stopDaemon() {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
        }
    }

    private Process start(Path config) throws IOException {
        return start(config, Map.of());
    }

    static Process start(Path config, Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                SkywaveCommand.class.getName(), "run", "--config", config.toString()))
                .redirectErrorStream(true);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** A free loopback port (bound, read, released). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** A station with a TCP listener and a simulated radio link, its admin API on {@code adminPort}. */
    static String config(Path dir, int adminPort) {
        return """
                [station]
                name = "test-station"
                callsign = "K1ABC"
                log_level = "info"
                data_dir = "%s"

                [admin]
                listen = "127.0.0.1:%d"

                [[link]]
                name = "internet"
                uri = "tcp-listen://127.0.0.1:0"

                [[link]]
                name = "radio"
                uri = "sim:ax25-1200"
                """.formatted(dir.resolve("data").toString().replace("\\", "\\\\"), adminPort);
    }

    /** Collects the child's output lines as they come, so a test can wait for one with a timeout. */
    static LinkedBlockingQueue<String> lines(Process process) {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    static String awaitLine(LinkedBlockingQueue<String> lines, String fragment, StringBuilder seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.contains(fragment)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line containing '" + fragment + "' within 30 s; output:\n" + seen);
    }

    @Test
    void runsTheConfiguredLinksTellsSystemdAndStopsCleanlyOnSigterm() throws Exception {
        int adminPort = freePort();
        Path config = Files.writeString(dir.resolve("skywave.toml"), config(dir, adminPort));
        try (NotifySocket systemd = NotifySocket.bind(dir.resolve("notify.sock"))) {
            long spawned = System.nanoTime();
            // WATCHDOG_USEC of 0.4 s: keep-alives every 0.2 s.
            daemon = start(config, Map.of("NOTIFY_SOCKET", systemd.path().toString(), "WATCHDOG_USEC", "400000"));
            LinkedBlockingQueue<String> lines = lines(daemon);
            StringBuilder seen = new StringBuilder();
            String ready = systemd.await("READY=1", Duration.ofSeconds(30));
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawned);
            System.out.printf("run: READY=1 %d ms after the process was spawned%n", readyMillis);
            assertTrue(ready.contains("STATUS=relaying on 2 link(s), 0 node(s)"), ready);
            // Readiness comes after every part is started: the lines are already out.
            String started = awaitLine(lines, "station test-station: started with 2 link(s)", seen);
            assertTrue(started.matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO +station .*"), started);
            awaitLine(lines, "admin API on", seen);
            assertTrue(Files.exists(dir.resolve("data").resolve("skywave.db")), "queue database created in data_dir");
            for (int i = 0; i < 3; i++) {
                assertEquals("WATCHDOG=1", systemd.await("WATCHDOG=1", Duration.ofSeconds(10)));
            }
            java.net.http.HttpResponse<String> status = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + adminPort + "/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode());
            assertTrue(status.body().contains("\"test-station\""), status.body());
            assertTrue(status.body().contains("\"radio\"") && status.body().contains("\"internet\""), status.body());

            daemon.toHandle().destroy(); // SIGTERM, as systemd stops it; unlike Process.destroy it leaves our pipes open
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "daemon did not stop on SIGTERM");
            assertTrue(systemd.await("STOPPING=1", Duration.ofSeconds(5)).startsWith("STOPPING=1"));
            awaitLine(lines, "station test-station: stopped", seen);
            awaitLine(lines, "store: closed", seen);
            awaitLine(lines, "INFO  stopped", seen);
            assertEquals(0, daemon.exitValue(), "exit status after SIGTERM: a requested stop is a success");
        }
    }

    @Test
    void refusesToStartWhenTheAdminApiCannotListen() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("skywave.toml"), config(dir, taken.getLocalPort()));
            daemon = start(config);
            LinkedBlockingQueue<String> lines = lines(daemon);
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not give up");
            assertEquals(1, daemon.exitValue());
            StringBuilder seen = new StringBuilder();
            String refusal = awaitLine(lines, "cannot start: admin API: admin API cannot listen on 127.0.0.1:" + taken.getLocalPort(), seen);
            assertTrue(refusal.contains("ERROR"), refusal);
            awaitLine(lines, "store: closed", seen);
        }
    }

    /** A station whose first node speaks JSON lines (no Bitcoin network to default submissions to) still starts. */
    @Test
    void startsWhenTheFirstNodeIsJsonLines() throws Exception {
        int adminPort;
        int nodePort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket probe2 = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            adminPort = probe.getLocalPort();
            nodePort = probe2.getLocalPort(); // nobody listens there: the adapter keeps dialling, the station runs
        }
        Path config = dir.resolve("skywave.toml");
        Files.writeString(config, """
                [station]
                name = "jsonl-station"
                callsign = "K1ABC"
                log_level = "info"
                data_dir = "%s"

                [admin]
                listen = "127.0.0.1:%d"

                [[link]]
                name = "radio"
                uri = "sim:ax25-1200"

                [[node]]
                name = "bunker"
                uri = "jsonl://127.0.0.1:%d"
                """.formatted(dir.resolve("data").toString().replace("\\", "\\\\"), adminPort, nodePort));
        daemon = start(config);
        LinkedBlockingQueue<String> lines = lines(daemon);
        StringBuilder seen = new StringBuilder();
        awaitLine(lines, "admin API on", seen);
        java.net.http.HttpResponse<String> status = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + adminPort + "/status")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
        assertTrue(daemon.isAlive(), "daemon still running; output:\n" + seen);
        assertTrue(!seen.toString().contains("Exception"), "no stack trace; output:\n" + seen);
    }

    @Test
    void refusesABadConfigWithEveryProblemAndExitStatusOne() throws Exception {
        Path config = dir.resolve("bad.toml");
        Files.writeString(config, """
                [station]
                callsign = "N0CALL"
                colour = "blue"

                [[link]]
                name = "radio"
                uri = "sim:ax25-1200"
                """);
        daemon = start(config);
        LinkedBlockingQueue<String> lines = lines(daemon);
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, daemon.exitValue());
        StringBuilder seen = new StringBuilder();
        awaitLine(lines, "bad.toml:2: station.callsign", seen);
        awaitLine(lines, "bad.toml:3: station.colour", seen);
    }
}
