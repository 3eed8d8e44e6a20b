package org.skywave.bench.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.admin.AdminClientException;
import org.skywave.bridge.demo.DemoTransactions;

/**
 * The full-disk run, with daemons started from config files: station A's data directory is a
 * 2 MiB tmpfs (mounted here; needs root) with most of it taken by a filler file. Transactions are
 * submitted to A's admin API until it has answered 503 twenty times; the filler is deleted; the
 * run waits for A's {@code /status} to say healthy (no restart), submits twenty more, and waits
 * for B to have received every accepted one. Prints accepted, refused, time to recover, delivered.
 * Argument (optional): first of four free TCP ports (25200).
 */
public final class FullDiskFigures {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);

    private FullDiskFigures() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 25200;
        Path dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "skywave-full-disk");
        Path disk = Files.createDirectories(dir.resolve("a-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString());
        try {
            run(dir, disk, port);
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static void run(Path dir, Path disk, int port) throws Exception {
        Path token = dir.resolve("admin.token");
        Files.writeString(token, "7".repeat(32));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        String tokenText = Files.readString(token).strip();
        Path configA = Daemon.writeConfig(dir, "a", port + 2, token, "wal_max_bytes = 131072",
                WriteFigures.radioLink(port, "K1ABC-1", "K1ABC-2"));
        Files.writeString(configA, Files.readString(configA).replace(dir.resolve("a-data").toString(), disk.toString()));
        Path configB = Daemon.writeConfig(dir, "b", port + 3, token, "", WriteFigures.radioLink(port + 1, "K1ABC-2", "K1ABC-1"));
        Path filler = disk.resolve("filler");
        try (KissCable cable = new KissCable(port, port + 1);
             Daemon a = Daemon.start("a", configA, port + 2);
             Daemon b = Daemon.start("b", configB, port + 3)) {
            WriteFigures.awaitLinks(a, b);
            long free = Files.getFileStore(disk).getUsableSpace();
            Files.write(filler, new byte[(int) Math.max(0, free - 400 * 1024)]);
            DemoTransactions transactions = new DemoTransactions(new SplittableRandom(14));
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 20_000 && refused < 20; i++) {
                try {
                    a.admin().submitTx(HexFormat.of().formatHex(transactions.next()), null, tokenText);
                    accepted++;
                } catch (AdminClientException e) {
                    if (e.status() != 503) {
                        throw e;
                    }
                    refused++;
                }
            }
            System.out.printf("A's data directory full: %d submissions accepted (202), %d refused (503); A reports %s%n",
                    accepted, refused, store(a));
            long freed = System.nanoTime();
            Files.delete(filler);
            boolean healthy = Daemon.await(Duration.ofSeconds(60), () -> store(a).path("healthy").asBoolean(false));
            System.out.printf("filler deleted: A %s after %.1f s, without a restart%n",
                    healthy ? "healthy" : "still NOT healthy", (System.nanoTime() - freed) / 1e9);
            int after = 0;
            for (int i = 0; i < 20; i++) {
                a.admin().submitTx(HexFormat.of().formatHex(transactions.next()), null, tokenText);
                after++;
            }
            int total = accepted + after;
            Daemon.await(DELIVERY_TIMEOUT, () -> b.received() >= total && WriteFigures.queueEmpty(a));
            System.out.printf("after recovery: %d more accepted; B received %d of the %d accepted; A's queue %s;"
                            + " A's WAL now %,d bytes (bound 131,072)%n", after, b.received(), total,
                    WriteFigures.queueEmpty(a) ? "empty" : "NOT empty", walSize(disk));
        }
    }

    private static JsonNode store(Daemon daemon) {
        try {
            return daemon.admin().status().path("store");
        } catch (AdminClientException e) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
    }

    private static long walSize(Path disk) throws IOException {
        Path wal = disk.resolve("skywave.db-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (needs root)");
        }
    }
}
