package org.skywave.bench.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.skywave.bridge.admin.AdminClientException;
import org.skywave.bridge.demo.DemoTransactions;

/**
 * Disk bytes written per relayed transaction, as an SD card sees them: two daemons started from
 * config files (A and B on a 9600 bit/s KISS link through a {@link KissCable}), transactions submitted to A's admin API, relayed to
 * B and acknowledged. For one submission and then a burst, prints the {@code write_bytes} of each
 * daemon ({@code /proc/PID/io}) per transaction, and the largest WAL file seen at either station.
 *
 * <p>Arguments (optional): burst size (1000), first of four free TCP ports (25100), then any
 * number of extra {@code [store]} lines for both stations, e.g. {@code "wal_max_bytes = 1048576"}.
 * The data directories are made under the current directory, so that they sit on a real disk.
 */
public final class WriteFigures {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);
    /** Submissions in flight at once: the admin API answers 503 above its own limit. */
    private static final int SUBMITTERS = 4;

    private final AtomicLong largestWal = new AtomicLong();

    private WriteFigures() {
    }

    public static void main(String[] args) throws Exception {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 25100;
        String storeLines = args.length > 2 ? String.join("\n", List.of(args).subList(2, args.length)) : "";
        new WriteFigures().run(burst, port, storeLines);
    }

    private void run(int burst, int port, String storeLines) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "skywave-write-figures");
        Path token = dir.resolve("admin.token");
        Files.writeString(token, HexFormat.of().formatHex(new byte[16]).replace('0', '7'));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path configA = Daemon.writeConfig(dir, "a", port + 2, token, storeLines, radioLink(port, "K1ABC-1", "K1ABC-2"));
        Path configB = Daemon.writeConfig(dir, "b", port + 3, token, storeLines, radioLink(port + 1, "K1ABC-2", "K1ABC-1"));
        String tokenText = Files.readString(token).strip();
        System.out.printf("data directories under %s; [store] extra: %s%n", dir, storeLines.isEmpty() ? "none" : storeLines);
        try (KissCable cable = new KissCable(port, port + 1);
             Daemon a = Daemon.start("a", configA, port + 2);
             Daemon b = Daemon.start("b", configB, port + 3)) {
            awaitLinks(a, b);
            System.out.printf("resident memory after start-up (-Xmx64m): A %,d KiB, B %,d KiB%n", a.residentKiB(), b.residentKiB());
            Thread sampler = walSampler(List.of(dir.resolve("a-data/skywave.db-wal"), dir.resolve("b-data/skywave.db-wal")));
            SplittableRandom random = new SplittableRandom(15);
            DemoTransactions transactions = new DemoTransactions(random);
            measure("single submission", 1, a, b, transactions, tokenText);
            measure("burst of " + burst, burst, a, b, transactions, tokenText);
            System.out.printf("resident memory after relaying them: A %,d KiB, B %,d KiB%n", a.residentKiB(), b.residentKiB());
            sampler.interrupt();
            System.out.printf("largest WAL seen at either station: %,d bytes; database files now: A %,d, B %,d bytes%n",
                    largestWal.get(), Files.size(dir.resolve("a-data/skywave.db")), Files.size(dir.resolve("b-data/skywave.db")));
        }
    }

    /** A 9600 bit/s KISS link through the cable, with no transmit limits in the gate. */
    static String radioLink(int port, String callsign, String peer) {
        return """
                [gate]
                rf_max_per_minute = 100000
                rf_max_per_5_minutes = 500000

                [[link]]
                name = "radio"
                uri = "kiss-tcp://127.0.0.1:%d?bitrate=9600&dest=%s"
                callsign = "%s"
                """.formatted(port, peer, callsign);
    }

    private void measure(String what, int count, Daemon a, Daemon b, DemoTransactions transactions, String token)
            throws Exception {
        List<String> hexes = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] tx = transactions.next();
            bytes += tx.length;
            hexes.add(HexFormat.of().formatHex(tx));
        }
        long receivedBefore = b.received();
        long writtenA = a.writeBytes();
        long writtenB = b.writeBytes();
        long started = System.nanoTime();
        submit(a, hexes, token);
        boolean delivered = Daemon.await(DELIVERY_TIMEOUT, () -> b.received() >= receivedBefore + count && queueEmpty(a));
        long elapsed = System.nanoTime() - started;
        if (!delivered) {
            throw new IllegalStateException(what + ": B received " + (b.received() - receivedBefore) + " of " + count
                    + " within " + DELIVERY_TIMEOUT + "; A's output:\n" + a.tail() + "\nB's output:\n" + b.tail());
        }
        Thread.sleep(1_000); // commits and checkpoints that follow the last ACK
        long deltaA = a.writeBytes() - writtenA;
        long deltaB = b.writeBytes() - writtenB;
        System.out.printf("%s (%d tx, %,d bytes of transactions, delivered in %.1f s): written A %,d B %,d bytes;"
                        + " per tx A %,.0f B %,.0f, both %,.0f bytes (%.2f KiB)%n",
                what, count, bytes, elapsed / 1e9, deltaA, deltaB, (double) deltaA / count, (double) deltaB / count,
                (double) (deltaA + deltaB) / count, (deltaA + deltaB) / 1024.0 / count);
    }

    /** Submits every transaction, {@value #SUBMITTERS} at a time; a 503 (all submission slots busy) is tried again. */
    private static void submit(Daemon a, List<String> hexes, String token) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < SUBMITTERS; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < hexes.size(); i = next.getAndIncrement()) {
                        for (int attempt = 0; ; attempt++) {
                            try {
                                a.admin().submitTx(hexes.get(i), null, token);
                                break;
                            } catch (AdminClientException e) {
                                if ((e.status() != 503 && e.status() != 429) || attempt > 1_000) {
                                    throw e;
                                }
                                Thread.sleep(5);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static boolean queueEmpty(Daemon daemon) {
        try {
            for (JsonNode link : daemon.admin().status().path("links")) {
                if (link.path("queueDepth").asLong(-1) != 0) {
                    return false;
                }
            }
            return true;
        } catch (AdminClientException e) {
            return false;
        }
    }

    static void awaitLinks(Daemon a, Daemon b) throws InterruptedException {
        boolean up = Daemon.await(Duration.ofSeconds(60),
                () -> !a.alive() || !b.alive() || linkUp(a) && linkUp(b)) && a.alive() && b.alive();
        if (!up) {
            throw new IllegalStateException("the links did not come up within 60 s; A's output:\n" + a.tail()
                    + "\nB's output:\n" + b.tail());
        }
    }

    private static boolean linkUp(Daemon daemon) {
        try {
            JsonNode link = daemon.admin().status().path("links").path(0);
            return "UP".equals(link.path("state").asText());
        } catch (AdminClientException e) {
            return false;
        }
    }

    /** Samples the WAL files' sizes every 10 ms, keeping the largest. */
    private Thread walSampler(List<Path> wals) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Path wal : wals) {
                    try {
                        largestWal.accumulateAndGet(Files.size(wal), Math::max);
                    } catch (IOException e) {
                        // Not there between a checkpoint that removed it and the next write.
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "WAL sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
