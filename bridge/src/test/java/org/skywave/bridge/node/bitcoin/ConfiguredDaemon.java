package org.skywave.bridge.node.bitcoin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.skywave.bridge.cli.SkywaveCommand;

/**
 * One station as {@code skywave run --config FILE} in a child JVM with a 64 MiB heap. Its config
 * is written from a template on every start, with the admin port it is given (a killed daemon's
 * may linger, so give a fresh one) and an admin token file; the data dir stays. Its output lines are kept across restarts.
 * It is stopped by its own PID only, with SIGKILL ({@link Process#destroyForcibly()} on Linux).
 */
final class ConfiguredDaemon implements AutoCloseable {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path dir;
    private final IntFunction<String> configForAdminPort;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private volatile int adminPort;

    /**
     * @param configForAdminPort the config file's text for an admin port; {@link #tokenFile()} and
     *                           {@link #dataDir()} are where its {@code token_file} and {@code data_dir} point
     */
    ConfiguredDaemon(String name, Path dir, IntFunction<String> configForAdminPort) {
        this.name = name;
        this.dir = dir;
        this.configForAdminPort = configForAdminPort;
    }

    Path tokenFile() {
        return dir.resolve("admin.token");
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    /** Starts from the config file, with its admin API on {@code newAdminPort}, and waits until that answers. */
    synchronized void start(int newAdminPort) throws IOException, InterruptedException {
        adminPort = newAdminPort;
        Files.createDirectories(dir);
        Files.writeString(tokenFile(), TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile(), PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("skywave.toml");
        Files.writeString(config, configForAdminPort.apply(adminPort));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                SkywaveCommand.class.getName(), "run", "--config", config.toString()))
                .redirectErrorStream(true).start();
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("read failed: " + e);
            }
        }, "daemon " + name + " output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!statusAnswers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("station " + name + " did not start:\n" + tail());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private boolean statusAnswers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** POST /tx?network=regtest with the admin token; the answer's status code and body. */
    HttpResponse<String> submit(String txHex) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/tx?network=regtest"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(txHex)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every output line so far, over every run. */
    List<String> output() {
        return List.copyOf(output);
    }

    String name() {
        return name;
    }

    /** SIGKILL, as a power cut would. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    String tail() {
        List<String> lines = output();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
