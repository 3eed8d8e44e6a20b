package org.skywave.transport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two joined pseudo-terminals made by socat ({@code pty,raw,echo=0}), reachable through stable
 * symlinks {@link #hostPath()} (what the link opens, like {@code /dev/serial/by-id/...}) and
 * {@link #tncPath()} (where a test plays the TNC). {@link #unplug()} stops socat, so both ptys
 * close, as when a USB TNC is pulled; {@link #replug()} makes a new pair on the same paths.
 */
public final class SocatPtyPair implements AutoCloseable {

    private final Path dir;
    private final Path hostPath;
    private final Path tncPath;
    private ChildProcess socat;
    private int generation;

    private SocatPtyPair(Path dir) {
        this.dir = dir;
        this.hostPath = dir.resolve("host");
        this.tncPath = dir.resolve("tnc");
    }

    public static SocatPtyPair start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        SocatPtyPair pair = new SocatPtyPair(dir);
        pair.replug();
        return pair;
    }

    /** Creates the pty pair (again) on the same link paths and waits until both links exist. */
    public synchronized void replug() throws IOException, InterruptedException {
        if (socat != null && socat.isAlive()) {
            throw new IllegalStateException("socat already running: " + socat);
        }
        String binary = PeerBinaries.require("socat", "socat");
        // Links left by a killed socat would point at ptys that are gone (or reused).
        Files.deleteIfExists(hostPath);
        Files.deleteIfExists(tncPath);
        generation++;
        socat = ChildProcess.start("socat", List.of(binary, "-d", "-d",
                        "pty,raw,echo=0,link=" + hostPath, "pty,raw,echo=0,link=" + tncPath),
                dir, Map.of(), dir.resolve("socat-" + generation + ".log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(hostPath) && Files.exists(tncPath))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("socat did not create " + hostPath + " and " + tncPath + ":\n" + socat.tail());
            }
            Thread.sleep(20);
        }
    }

    /** Stops socat (our child, by PID): both ptys close and their links go away. */
    public synchronized void unplug() throws InterruptedException, IOException {
        if (socat != null) {
            socat.stop();
        }
        Files.deleteIfExists(hostPath);
        Files.deleteIfExists(tncPath);
    }

    public Path hostPath() {
        return hostPath;
    }

    public Path tncPath() {
        return tncPath;
    }

    public synchronized long pid() {
        return socat == null ? -1 : socat.pid();
    }

    @Override
    public void close() throws IOException {
        try {
            unplug();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
