package org.skywave.transport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program started by a test peer, stopped by its own PID only: SIGTERM, then SIGKILL after a
 * grace period. Output goes to a log file that the peer can search.
 */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return new ChildProcess(name, pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; true if it did within {@code timeout}. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Occurrences of {@code text} in the log. */
    int count(String text) {
        String all = logText();
        int n = 0;
        for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    /** Waits until the log holds {@code text} at least {@code times} times; fails with the log's tail. */
    void awaitLog(String text, int times, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(text) < times) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " (pid " + pid() + ") exited with " + process.exitValue()
                        + " before its log showed '" + text + "':\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " log has no '" + text + "' (x" + times + ") after " + timeout
                        + ":\n" + tail());
            }
            Thread.sleep(50);
        }
    }

    String tail() {
        String all = logText();
        return all.length() > 2000 ? "..." + all.substring(all.length() - 2000) : all;
    }

    /** Stops this process (by its PID, through its handle), SIGKILL if it has not gone after 5 s. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
