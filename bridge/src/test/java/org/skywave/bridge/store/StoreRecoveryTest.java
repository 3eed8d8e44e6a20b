package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.MessageId;

/**
 * A store on a real disk that fills up or turns read-only while the store is open: writes are
 * refused with the cause, nothing accepted is lost, reads go on, and once the fault clears the
 * store checkpoints its WAL and is healthy again by itself, with no write needed to find out and
 * no reopen.
 */
class StoreRecoveryTest {

    private static final String DEST = "ax25-1";
    private static final long DISK_BYTES = 2 * 1024 * 1024;
    private static final long WAL_BOUND = 256 * 1024;
    /** Far longer than the writer's recovery probe interval (1 s); the wait ends as soon as it holds. */
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final TestMessages messages = new TestMessages(0x5d_ca4dL, Clock.systemUTC());

    private static StoreOptions options() {
        return StoreOptions.builder().walMaxBytes(WAL_BOUND).statsLogInterval(Duration.ZERO).build();
    }

    @Test
    void fullDiskRefusesWritesThenRecoversByItselfAndTheWalNoLongerEatsFreedSpace() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), DISK_BYTES)) {
            disk.fillLeaving(900 * 1024);
            Path file = disk.dir().resolve("skywave.db");
            try (MessageStore store = MessageStore.open(file, options())) {
                MessageQueue queue = store.queue(DEST);
                List<MessageId> accepted = new ArrayList<>();
                int refused = 0;
                for (int i = 0; i < 5_000 && refused < 20; i++) {
                    QueuedMessage m = messages.message(DEST, Priority.TX, 1_000, Duration.ofHours(1));
                    try {
                        assertTrue(queue.offer(m));
                        accepted.add(m.id());
                    } catch (StoreException e) {
                        refused++;
                        assertTrue(e.getMessage().contains("SQLITE_FULL") && e.getMessage().contains(file.toString()),
                                e.getMessage());
                        assertFalse(queue.contains(m.id()), "a refused message is not stored");
                    }
                }
                assertEquals(20, refused, "the disk never filled up");
                assertFalse(accepted.isEmpty());
                assertEquals(StoreHealth.Status.WRITES_FAILING, store.health().status());
                assertEquals(accepted, ids(queue.peek(10_000)), "everything accepted is still there, in order");

                disk.freeFiller();
                awaitTrue("healthy again with no write from us", () -> store.health().healthy());
                assertTrue(walSize(file) <= WAL_BOUND, "the WAL was checkpointed: " + walSize(file) + " bytes");

                // Three times what the disk holds goes through the store: the WAL is reused, never grown into the freed space.
                long free = disk.free();
                for (int i = 0; i < 3 * DISK_BYTES / 1_000; i++) {
                    QueuedMessage m = messages.message(DEST, Priority.TX, 1_000, Duration.ofHours(1));
                    assertTrue(queue.offer(m));
                    queue.ack(m.id());
                    assertTrue(walSize(file) <= WAL_BOUND, "WAL " + walSize(file) + " bytes after " + i + " messages");
                }
                assertTrue(store.largestWal() <= WAL_BOUND, "largest WAL " + store.largestWal());
                assertTrue(disk.free() > free - WAL_BOUND, "free space " + disk.free() + " was " + free);
                for (MessageId id : accepted) {
                    queue.ack(id); // the backlog leaves as it is delivered
                }
                assertEquals(0, queue.stats().depth());
                assertTrue(store.health().healthy());
            }
        }
    }

    @Test
    void dataDirectoryTurnedReadOnlyRefusesWritesKeepsEverythingAndRecoversWhenWritable() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path file = data.resolve("skywave.db");
        try (MessageStore store = MessageStore.open(file, options())) {
            MessageQueue queue = store.queue(DEST);
            List<MessageId> accepted = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                QueuedMessage m = messages.message(DEST, Priority.TX, 200, Duration.ofHours(1));
                assertTrue(queue.offer(m));
                accepted.add(m.id());
            }
            // chattr +i stops writes through files already open, for root too, as a remount read-only would.
            List<Path> files = List.of(file, walFile(file), data);
            chattr("+i", files);
            try {
                for (int i = 0; i < 10; i++) {
                    QueuedMessage m = messages.message(DEST, Priority.TX, 200, Duration.ofHours(1));
                    StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> queue.offer(m));
                    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not stored")
                            || e.getMessage().contains("nothing of the"), e.getMessage());
                    assertFalse(queue.contains(m.id()));
                }
                assertEquals(StoreHealth.Status.WRITES_FAILING, store.health().status());
                assertEquals(accepted, ids(queue.peek(1_000)), "reads go on; nothing accepted is lost");
                Thread.sleep(2_500); // the recovery probe keeps failing while the fault lasts
                assertEquals(StoreHealth.Status.WRITES_FAILING, store.health().status());
            } finally {
                chattr("-i", files);
            }
            awaitTrue("healthy again once writable", () -> store.health().healthy());
            QueuedMessage after = messages.message(DEST, Priority.TX, 200, Duration.ofHours(1));
            assertTrue(queue.offer(after));
            accepted.add(after.id());
            assertEquals(accepted, ids(queue.peek(1_000)));
        }
    }

    private static List<MessageId> ids(List<QueuedMessage> messages) {
        return messages.stream().map(QueuedMessage::id).toList();
    }

    private static Path walFile(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }

    private static long walSize(Path file) throws java.io.IOException {
        Path wal = walFile(file);
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not within " + RECOVERY_WAIT);
            }
            Thread.sleep(50);
        }
    }

    private static void chattr(String flag, List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("chattr", flag));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "chattr timed out");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "chattr " + flag + " failed (package e2fsprogs; needs ext2/3/4 and root): " + output);
    }
}
