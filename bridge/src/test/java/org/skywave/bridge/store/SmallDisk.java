package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system for a data directory: a tmpfs of a few MiB mounted on a test
 * directory, and a filler file to take its free space away and give it back. Mounting needs root
 * (CI runs as root): without it the test fails saying so, it is never skipped.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /** Mounts a tmpfs of {@code bytes} on {@code mountPoint} (created if needed). */
    public static SmallDisk mount(Path mountPoint, long bytes) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("this test mounts a " + bytes + "-byte tmpfs for a full disk and needs root (as CI runs);"
                    + " running as " + System.getProperty("user.name"));
        }
        Files.createDirectories(mountPoint);
        run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", mountPoint.toString());
        return new SmallDisk(mountPoint);
    }

    public Path dir() {
        return mountPoint;
    }

    /** Bytes free on the file system now. */
    public long free() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /** Writes a filler file that leaves about {@code leaveFree} bytes free. */
    public void fillLeaving(long leaveFree) throws IOException {
        long size = Math.max(0, free() - leaveFree);
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            for (long written = 0; written < size; written += block.length) {
                out.write(block);
            }
        }
    }

    /** Deletes the filler: the space it held is free again. */
    public void freeFiller() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        boolean ended = process.waitFor(30, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended || process.exitValue() != 0) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " failed (" + (ended ? "exit " + process.exitValue() : "timed out")
                    + "): " + output);
        }
    }
}
