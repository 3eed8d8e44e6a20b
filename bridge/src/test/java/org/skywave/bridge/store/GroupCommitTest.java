package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.MessageId;

/**
 * Group commit: writes waiting together share one transaction, each caller hears back only
 * after that commit, and a failed commit fails every caller of the batch with nothing stored.
 * The writer is held on a latch so that the batch is formed deterministically.
 */
class GroupCommitTest {

    private static final String DEST = "ax25-1";
    private static final int WRITERS = 12;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final TestMessages messages = new TestMessages(0x5eed_6c0L, clock);
    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    private final List<MessageStore> stores = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        stores.forEach(MessageStore::close);
    }

    private MessageStore open(StoreOptions.CommitMode mode, UnaryOperator<java.sql.Connection> wrapper) throws StoreException {
        MessageStore store = MessageStore.open(dir.resolve("store.db"), StoreOptions.builder().clock(clock)
                .commitMode(mode).statsLogInterval(Duration.ZERO).build(), wrapper);
        stores.add(store);
        return store;
    }

    /** Parks the writer inside a transaction until the returned latch is released. */
    private CountDownLatch holdWriter(MessageStore store) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(() -> store.runOnWriter(batch -> {
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertTrue(inside.await(10, TimeUnit.SECONDS), "writer never picked up the holding write");
        return release;
    }

    private List<Future<Boolean>> offerConcurrently(MessageStore store, List<QueuedMessage> batch) throws InterruptedException {
        List<Future<Boolean>> results = new ArrayList<>();
        for (QueuedMessage m : batch) {
            results.add(pool.submit(() -> store.queue(DEST).offer(m)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.writer().waiting() < batch.size() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(batch.size(), store.writer().waiting(), "offers did not all reach the writer");
        for (Future<Boolean> result : results) {
            assertFalse(result.isDone(), "an offer returned before its commit");
        }
        return results;
    }

    private List<QueuedMessage> batchOf(int n) {
        List<QueuedMessage> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(messages.message(DEST, Priority.TX));
        }
        return batch;
    }

    @Test
    void waitingOffersShareOneTransaction() throws Exception {
        MessageStore store = open(StoreOptions.CommitMode.GROUP, UnaryOperator.identity());
        CountDownLatch release = holdWriter(store);
        long before = store.writer().commits();
        List<QueuedMessage> batch = batchOf(WRITERS - 1);
        List<Future<Boolean>> results = offerConcurrently(store, batch);
        release.countDown();
        for (Future<Boolean> result : results) {
            assertTrue(result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(2, store.writer().commits() - before, "the holding write, then every offer in one transaction");
        assertEquals(batch.size(), store.queue(DEST).stats().depth());
    }

    /**
     * Recording a send and removing an acknowledged message commit without their own fsync; an
     * accepted message never does, even when it shares the transaction with them. Every commit is
     * still a commit: what the store shows, and finds again after a reopen, is the same.
     */
    @Test
    void onlyRelaxedTransactionsSkipTheirFsync() throws Exception {
        MessageStore store = open(StoreOptions.CommitMode.GROUP, UnaryOperator.identity());
        QueuedMessage acked = messages.message(DEST, Priority.TX);
        QueuedMessage sent = messages.message(DEST, Priority.TX);
        store.queue(DEST).offer(acked);
        store.queue(DEST).offer(sent);
        assertEquals(0, store.writer().relaxedCommits(), "an offer is durable");

        store.queue(DEST).ack(acked.id());
        store.queue(DEST).retryLater(sent.id(), Duration.ofMinutes(5));
        assertEquals(2, store.writer().relaxedCommits(), "an ACK and a recorded send commit alone, relaxed");

        CountDownLatch release = holdWriter(store);
        QueuedMessage mixed = messages.message(DEST, Priority.TX);
        var ack = store.queue(DEST).ackAsync(sent.id());
        var offer = store.receiveAsync(mixed.id(), mixed.expiresAt(), List.of(mixed));
        assertEquals(2, store.writer().waiting());
        release.countDown();
        ack.get(10, TimeUnit.SECONDS);
        assertTrue(offer.get(10, TimeUnit.SECONDS));
        assertEquals(2, store.writer().relaxedCommits(), "a transaction holding an accepted message is durable");

        assertFalse(store.queue(DEST).contains(acked.id()));
        assertFalse(store.queue(DEST).contains(sent.id()));
        store.close();
        MessageStore reopened = open(StoreOptions.CommitMode.GROUP, UnaryOperator.identity());
        assertFalse(reopened.queue(DEST).contains(acked.id()), "a relaxed commit is a commit");
        assertTrue(reopened.queue(DEST).contains(mixed.id()));
        assertEquals(1, reopened.queue(DEST).stats().depth());
    }

    /**
     * One thread (the station's) hands over messages received, ACKs and retries without waiting:
     * they share a commit, and none of their futures completes before it.
     */
    @Test
    void asynchronousWritesFromOneThreadShareOneTransaction() throws Exception {
        MessageStore store = open(StoreOptions.CommitMode.GROUP, UnaryOperator.identity());
        QueuedMessage queued = messages.message(DEST, Priority.TX);
        QueuedMessage retried = messages.message(DEST, Priority.TX);
        store.queue(DEST).offer(queued);
        store.queue(DEST).offer(retried);
        CountDownLatch release = holdWriter(store);
        long before = store.writer().commits();
        List<java.util.concurrent.CompletableFuture<?>> futures = new ArrayList<>();
        List<QueuedMessage> received = batchOf(50);
        for (QueuedMessage m : received) {
            futures.add(store.receiveAsync(m.id(), clock.instant().plus(Duration.ofHours(1)), List.of(m)));
        }
        futures.add(store.queue(DEST).ackAsync(queued.id()));
        futures.add(store.queue(DEST).retryLaterAsync(retried.id(), Duration.ofMinutes(1)));
        for (var future : futures) {
            assertFalse(future.isDone(), "completed before its commit");
        }
        release.countDown();
        for (var future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2, store.writer().commits() - before, "the holding write, then all 52 writes in one transaction");
        assertFalse(store.queue(DEST).contains(queued.id()), "acknowledged");
        assertEquals(1, store.queue(DEST).status(retried.id()).orElseThrow().attempts(), "retried");
        assertEquals(received.size() + 1, store.queue(DEST).stats().depth());
        for (QueuedMessage m : received) {
            assertTrue(store.seenSet().contains(m.id()));
        }
    }

    @Test
    void perMessageModeCommitsEachOfferAlone() throws Exception {
        MessageStore store = open(StoreOptions.CommitMode.PER_MESSAGE, UnaryOperator.identity());
        CountDownLatch release = holdWriter(store);
        long before = store.writer().commits();
        List<QueuedMessage> batch = batchOf(WRITERS - 1);
        List<Future<Boolean>> results = offerConcurrently(store, batch);
        release.countDown();
        for (Future<Boolean> result : results) {
            assertTrue(result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1 + batch.size(), store.writer().commits() - before);
    }

    @Test
    void failedCommitFailsEveryCallerOfTheBatchAndStoresNone() throws Exception {
        AtomicBoolean fail = new AtomicBoolean();
        MessageStore store = open(StoreOptions.CommitMode.GROUP, c -> StoreFaultTest.failingCommits(c, fail));
        QueuedMessage before = messages.message(DEST, Priority.TX);
        store.queue(DEST).offer(before);
        CountDownLatch release = holdWriter(store);
        List<QueuedMessage> batch = batchOf(WRITERS - 1);
        List<Future<Boolean>> results = offerConcurrently(store, batch);
        fail.set(true);
        release.countDown();
        for (Future<Boolean> result : results) {
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertInstanceOf(StoreException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("injected"), e.getCause().getMessage());
        }
        fail.set(false);
        for (QueuedMessage m : batch) {
            assertFalse(store.queue(DEST).contains(m.id()), "reported failed, so it must not be stored");
        }
        assertEquals(List.of(before), store.queue(DEST).peek(100));
        assertTrue(store.queue(DEST).offer(batch.get(0)));
        assertEquals(2, store.queue(DEST).stats().depth());
    }

    @Test
    void manyThreadsOfferingAndAckingLoseNothing() throws Exception {
        MessageStore store = open(StoreOptions.CommitMode.GROUP, UnaryOperator.identity());
        int perThread = 60;
        List<List<QueuedMessage>> work = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            work.add(batchOf(perThread));
        }
        List<Future<Set<MessageId>>> kept = new ArrayList<>();
        for (List<QueuedMessage> mine : work) {
            kept.add(pool.submit(() -> {
                Set<MessageId> remaining = new HashSet<>();
                MessageQueue queue = store.queue(DEST);
                for (int i = 0; i < mine.size(); i++) {
                    assertTrue(queue.offer(mine.get(i)));
                    if (i % 3 == 0) {
                        queue.ack(mine.get(i).id());
                    } else {
                        remaining.add(mine.get(i).id());
                    }
                }
                return remaining;
            }));
        }
        Set<MessageId> expected = new HashSet<>();
        for (Future<Set<MessageId>> f : kept) {
            expected.addAll(f.get(60, TimeUnit.SECONDS));
        }
        long commits = store.writer().commits();
        store.close();
        stores.clear();
        MessageStore reopened = open(StoreOptions.CommitMode.GROUP, UnaryOperator.identity());
        Set<MessageId> stored = new HashSet<>();
        reopened.queue(DEST).peek(10_000).forEach(m -> stored.add(m.id()));
        assertEquals(expected, stored);
        System.out.println("GroupCommitTest: " + (WRITERS * perThread * 4 / 3) + " writes in " + commits + " transactions");
    }
}
