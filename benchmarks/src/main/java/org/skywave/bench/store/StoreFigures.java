package org.skywave.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.Priority;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreOptions;

/**
 * Prints the store's figures for the closing note in one run: enqueue-and-acknowledge
 * throughput with group commit against one commit per message (same threads, same run, ratio
 * printed), and the start-up time (open + first peek) of a store holding 100,000 messages.
 * Arguments (optional): threads, seconds per throughput run, messages in the start-up store.
 */
public final class StoreFigures {

    private StoreFigures() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int startupMessages = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path dir = Files.createTempDirectory("skywave-store-figures");
        try {
            double group = throughput(dir.resolve("group.db"), StoreOptions.CommitMode.GROUP, StoreOptions.Synchronous.FULL,
                    threads, seconds);
            double single = throughput(dir.resolve("single.db"), StoreOptions.CommitMode.PER_MESSAGE,
                    StoreOptions.Synchronous.FULL, threads, seconds);
            System.out.printf("enqueue+ack, synchronous=FULL, %d threads, %d s each: group commit %.0f msg/s,"
                    + " one commit per message %.0f msg/s, ratio %.1fx%n", threads, seconds, group, single, group / single);
            startup(dir.resolve("big.db"), startupMessages);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Messages a second that {@code threads} threads offer and acknowledge, each waiting for its commits, for {@code seconds}. */
    public static double throughput(Path file, StoreOptions.CommitMode mode, StoreOptions.Synchronous synchronous, int threads,
            int seconds) throws Exception {
        try (MessageStore store = MessageStore.open(file, StoreOptions.builder().commitMode(mode).synchronous(synchronous)
                .statsLogInterval(Duration.ZERO).build())) {
            MessageQueue queue = store.queue("ax25-1");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(t);
                counts.add(pool.submit(() -> {
                    long n = 0;
                    byte[] payload = new byte[250];
                    while (System.nanoTime() < end) {
                        byte[] id = new byte[MessageId.LENGTH];
                        random.nextBytes(id);
                        QueuedMessage m = QueuedMessage.of(MessageId.of(id), "ax25-1", Priority.TX, payload,
                                Instant.now(), Duration.ofHours(1));
                        queue.offer(m);
                        queue.ack(m.id());
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get(seconds + 60L, TimeUnit.SECONDS);
            }
            pool.shutdown();
            return total / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Fills a store through a bulk insert (set-up only), then times open + first peek, with and without quick_check. */
    private static void startup(Path file, int messages) throws IOException, java.sql.SQLException {
        MessageStore.open(file, StoreOptions.defaults()).close();
        Random random = new Random(42);
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO queued (destination, id, priority, payload,"
                    + " size, enqueued_at, expires_at, next_attempt_at, attempts, repeats) VALUES (?,?,?,?,?,?,?,?,0,1)")) {
                for (int i = 0; i < messages; i++) {
                    byte[] id = new byte[MessageId.LENGTH];
                    random.nextBytes(id);
                    byte[] payload = new byte[250];
                    random.nextBytes(payload);
                    insert.setString(1, "link-" + (i % 4));
                    insert.setBytes(2, id);
                    insert.setInt(3, 1 + i % 4);
                    insert.setBytes(4, payload);
                    insert.setInt(5, payload.length);
                    insert.setLong(6, now + i);
                    insert.setLong(7, now + 86_400_000L);
                    insert.setLong(8, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        System.out.printf("store file with %d messages: %.1f MiB%n", messages, Files.size(file) / 1048576.0);
        for (boolean check : new boolean[] {true, false}) {
            for (int run = 0; run < 3; run++) {
                long started = System.nanoTime();
                try (MessageStore store = MessageStore.open(file, StoreOptions.builder().integrityCheckOnOpen(check)
                        .statsLogInterval(Duration.ZERO).build())) {
                    int peeked = store.queue("link-0").peek(32).size();
                    long openAndPeek = System.nanoTime() - started;
                    System.out.printf("start-up (open + first peek of %d), integrity check %s, run %d: %.0f ms%n",
                            peeked, check ? "on" : "off", run + 1, openAndPeek / 1e6);
                }
            }
        }
    }
}
