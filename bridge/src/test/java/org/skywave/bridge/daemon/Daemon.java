package org.skywave.bridge.daemon;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.cli.SkywaveCommand;

/**
 * One station as {@code skywave run} in a child JVM with the appliance's 64 MiB heap: a radio link
 * on a {@link KissHub} and optionally a {@code tcp-listen} link, or the links and nodes it is
 * given; the admin API with a token. Its output
 * lines are kept across restarts; it is stopped by its own PID only, with SIGKILL when asked.
 */
public final class Daemon implements AutoCloseable {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path dir;
    private final int listenPort;
    private final String linksAndNodes;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int adminPort;

    /** {@code listenPort} 0: no {@code tcp-listen} link. */
    Daemon(String name, Path dir, int hubPort, int listenPort) {
        this(name, dir, listenPort, """
                [[link]]
                name = "radio"
                uri = "kiss-tcp://127.0.0.1:%d?bitrate=9600"
                """.formatted(hubPort)
                + (listenPort == 0 ? "" : """

                [[link]]
                name = "internet"
                uri = "tcp-listen://127.0.0.1:%d"
                """.formatted(listenPort)));
    }

    /**
     * A station whose config file has {@code linksAndNodes} (tables such as [gate], [[link]],
     * [[node]]) after its [station] and [admin]; {@code name} is a letter A to O (its SSID).
     */
    public Daemon(String name, Path dir, String linksAndNodes) {
        this(name, dir, 0, linksAndNodes);
    }

    private Daemon(String name, Path dir, int listenPort, String linksAndNodes) {
        this.name = name;
        this.dir = dir;
        this.listenPort = listenPort;
        this.linksAndNodes = linksAndNodes;
    }

    /** Starts on a fresh admin port (a killed daemon's may linger) and waits until its admin API answers. */
    public synchronized void start(int newAdminPort) throws IOException, InterruptedException {
        adminPort = newAdminPort;
        Files.createDirectories(dir);
        Path token = dir.resolve("admin.token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("skywave.toml");
        Files.writeString(config, """
                [station]
                name = "%s"
                callsign = "K1ABC-%d"
                log_level = "info"
                data_dir = "%s"

                [admin]
                listen = "127.0.0.1:%d"
                token_file = "%s"

                """.formatted(name, name.charAt(0) - 'A' + 1, dir.resolve("data"), adminPort, token) + linksAndNodes);
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

    boolean statusAnswers() {
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

    /** POST /tx; the answer's status code and body. */
    public HttpResponse<String> submit(String txHex) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/tx?network=regtest"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(txHex)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET /tx/TXID: where the transaction stands on each link, as the API tells it. */
    String progress(String txid) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/tx/" + txid))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "(no answer: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Lines, over every run, saying this station received the transaction whose txid starts with {@code txidPrefix}. */
    long receivedCount(String txidPrefix) {
        String needle = "received TX " + txidPrefix;
        return output.stream().filter(line -> line.contains(needle)).count();
    }

    /** Every output line so far, over every run. */
    public List<String> output() {
        return List.copyOf(output);
    }

    public String name() {
        return name;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    int adminPort() {
        return adminPort;
    }

    int listenPort() {
        return listenPort;
    }

    /** Peak resident memory of the running JVM (VmHWM), in KiB, from /proc. */
    long peakRssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM in /proc/" + process.pid() + "/status");
    }

    /** SIGKILL, as a power cut would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public String tail() {
        int from = Math.max(0, output.size() - 40);
        return String.join("\n", output.subList(from, output.size()));
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
