package org.skywave.bench.station;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.skywave.bridge.admin.AdminClient;

/**
 * One {@code skywave run --config FILE} child JVM, as systemd starts it: its output is read
 * line by line (never to disk), its disk writes are read from {@code /proc/PID/io}.
 */
public final class Daemon implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final AdminClient admin;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final List<String> tail = new ArrayList<>();

    private Daemon(String name, Process process, URI adminUri) {
        this.name = name;
        this.process = process;
        this.admin = new AdminClient(adminUri, Duration.ofSeconds(30));
        Thread reader = new Thread(this::readOutput, "output of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a daemon on {@code config} with this JVM's class path; {@code adminPort} is the one
     * its {@code [admin] listen} names. No perf-data file, so the JVM itself writes nothing to disk.
     */
    public static Daemon start(String name, Path config, int adminPort, String... jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.skywave.bridge.cli.SkywaveCommand",
                "run", "--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new Daemon(name, process, URI.create("http://127.0.0.1:" + adminPort));
    }

    /** Writes a config file for a station (the {@code links} are TOML {@code [[link]]} tables). */
    public static Path writeConfig(Path dir, String name, int adminPort, Path tokenFile, String extraStore, String links)
            throws IOException {
        Path data = Files.createDirectories(dir.resolve(name + "-data"));
        Path config = dir.resolve(name + ".toml");
        Files.writeString(config, """
                [station]
                name = "%s"
                # Internet links only: no transmission, but the station still names its operator.
                callsign = "K1ABC"
                log_level = "info"
                data_dir = "%s"

                [store]
                %s

                [admin]
                listen = "127.0.0.1:%d"
                token_file = "%s"

                %s
                """.formatted(name, data, extraStore, adminPort, tokenFile, links));
        return config;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public AdminClient admin() {
        return admin;
    }

    /** "received TX" lines so far: messages this station took from a link. */
    public long received() {
        return received.get();
    }

    /** Lines of output so far. */
    public long lines() {
        return lines.get();
    }

    /** Bytes this process caused to be written to storage ({@code write_bytes} of {@code /proc/PID/io}). */
    public long writeBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).strip());
            }
        }
        throw new IOException("/proc/" + pid() + "/io has no write_bytes line");
    }

    /** Resident memory of the daemon's JVM ({@code VmRSS} in {@code /proc/PID/status}), in KiB. */
    public long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid() + "/status");
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for {@code condition}; false if it never held. */
    public static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** The last lines of output, for a failure message. */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.incrementAndGet();
                if (line.contains(" received TX ")) {
                    received.incrementAndGet();
                }
                synchronized (tail) {
                    tail.add(line);
                    if (tail.size() > 40) {
                        tail.remove(0);
                    }
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
