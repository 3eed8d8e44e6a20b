package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.MessageId;

/** The contract over a real SQLite file, plus what only a durable store can show: restart, store-wide bounds. */
class SqliteMessageQueueTest extends MessageQueueContractTest {

    @TempDir
    Path dir;

    private final List<MessageStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(MessageStore::close);
    }

    private MessageStore open(StoreOptions options) throws StoreException {
        MessageStore store = MessageStore.open(dir.resolve("store.db"), options);
        stores.add(store);
        return store;
    }

    @Override
    MessageQueue newQueue(StoreOptions options) throws StoreException {
        return open(options).queue(DEST);
    }

    @Override
    MessageQueue newStationQueue(StoreOptions options, String station) throws StoreException {
        return open(options).queue(DEST, station);
    }

    @Test
    void restartKeepsEveryQueuedMessageInOrderWithItsAttempts() throws Exception {
        MessageStore store = open(options().build());
        MessageQueue queue = store.queue(DEST);
        List<QueuedMessage> offered = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            QueuedMessage m = messages.message(DEST, i % 2 == 0 ? Priority.TX : Priority.BLOCK);
            queue.offer(m);
            offered.add(m);
        }
        queue.retryLater(offered.get(0).id(), Duration.ofSeconds(5));
        queue.ack(offered.get(1).id());
        store.close();

        MessageQueue reopened = open(options().build()).queue(DEST);
        clock.advance(Duration.ofSeconds(5));
        List<QueuedMessage> expected = new ArrayList<>();
        offered.stream().filter(m -> m.priority() == Priority.TX).forEach(expected::add);
        offered.stream().filter(m -> m.priority() == Priority.BLOCK).forEach(expected::add);
        expected.remove(offered.get(1));
        QueuedMessage retried = offered.get(0);
        expected.set(0, new QueuedMessage(retried.id(), DEST, retried.priority(), retried.payload(),
                retried.enqueuedAt(), retried.expiresAt(), 1, 1));
        assertEquals(expected, reopened.peek(100));
        assertEquals(49, reopened.stats().depth());
    }

    @Test
    void sameIdForTwoDestinationsIsTwoMessages() throws Exception {
        MessageStore store = open(options().build());
        QueuedMessage m = messages.message(DEST, Priority.TX);
        assertTrue(store.queue(DEST).offer(m));
        assertTrue(store.queue("vara-1").offer(m.withDestination("vara-1")));
        store.queue(DEST).ack(m.id());
        assertTrue(store.queue("vara-1").contains(m.id()));
        assertEquals(List.of("vara-1"), store.destinations());
    }

    @Test
    void boundAndEvictionAreStoreWide() throws Exception {
        MessageStore store = open(options().maxMessages(2).build());
        QueuedMessage block = messages.message("js8-1", Priority.BLOCK);
        QueuedMessage tx1 = messages.message(DEST, Priority.TX);
        QueuedMessage tx2 = messages.message("vara-1", Priority.TX);
        store.queue("js8-1").offer(block);
        store.queue(DEST).offer(tx1);
        store.queue("vara-1").offer(tx2);
        assertFalse(store.queue("js8-1").contains(block.id()));
        StoreEvent evicted = events.stream().filter(e -> e.kind() == StoreEvent.Kind.EVICTED).findFirst().orElseThrow();
        assertEquals("js8-1", evicted.destination());
        assertTrue(evicted.reason().contains("for vara-1"), evicted.reason());
        assertEquals(1, store.queue("js8-1").stats().evictions());
        assertEquals(List.of(DEST, "js8-1", "vara-1"), store.stats().stream().map(QueueStats::destination).sorted().toList());
    }

    @Test
    void sizeBoundCountsWhatWasStoredBeforeRestart() throws Exception {
        MessageStore store = open(options().maxMessages(2).build());
        QueuedMessage a = messages.message(DEST, Priority.BLOCK);
        QueuedMessage b = messages.message(DEST, Priority.BLOCK);
        store.queue(DEST).offer(a);
        store.queue(DEST).offer(b);
        store.close();
        MessageQueue queue = open(options().maxMessages(2).build()).queue(DEST);
        QueuedMessage c = messages.message(DEST, Priority.BLOCK);
        queue.offer(c);
        assertEquals(List.of(b, c), queue.peek(10));
    }

    @Test
    void maintenancePurgesExpiredMessagesWhenIdle() throws Exception {
        MessageStore store = open(options().maintenanceInterval(Duration.ofMillis(50)).build());
        QueuedMessage m = messages.message(DEST, Priority.TX, 10, Duration.ofSeconds(1));
        store.queue(DEST).offer(m);
        clock.advance(Duration.ofSeconds(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.queue(DEST).stats().depth() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, store.queue(DEST).stats().depth());
        assertEquals(1, store.queue(DEST).stats().expiries());
    }

    @Test
    void closedStoreRefusesCalls() throws Exception {
        MessageStore store = open(options().build());
        MessageQueue queue = store.queue(DEST);
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> queue.peek(1));
        assertEquals("closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> queue.offer(messages.message(DEST, Priority.TX)));
        assertThrows(IllegalStateException.class, () -> store.queue(DEST));
    }

    @Test
    void secondOpenOfTheSameFileIsRefused() throws Exception {
        open(options().build());
        StoreException e = assertThrows(StoreException.class, () -> MessageStore.open(dir.resolve("store.db"), options().build()));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    @Test
    void seenSetRemembersAcrossRestartUntilExpiry() throws Exception {
        MessageStore store = open(options().build());
        MessageId id = messages.id();
        Instant until = clock.instant().plus(Duration.ofMinutes(10));
        assertTrue(store.seenSet().markSeen(id, until));
        assertFalse(store.seenSet().markSeen(id, until));
        store.close();

        MessageStore reopened = open(options().build());
        assertTrue(reopened.seenSet().contains(id));
        assertFalse(reopened.seenSet().markSeen(id, until));
        clock.advance(Duration.ofMinutes(10));
        assertFalse(reopened.seenSet().contains(id));
        assertEquals(1, reopened.seenSet().purgeExpired());
        assertTrue(reopened.seenSet().markSeen(id, clock.instant().plusSeconds(60)));
    }

    @Test
    void receiveMarksSeenAndQueuesOnwardInOneTransaction() throws Exception {
        MessageStore store = open(options().maxMessages(1).build());
        QueuedMessage control = messages.message(DEST, Priority.CONTROL);
        store.queue(DEST).offer(control);
        QueuedMessage incoming = messages.message("vara-1", Priority.TX);
        Instant until = clock.instant().plus(Duration.ofHours(1));
        // Store full of CONTROL: the onward message does not fit, so the id must not be marked seen either.
        assertThrows(StoreFullException.class, () -> store.receive(incoming.id(), until, List.of(incoming)));
        assertFalse(store.seenSet().contains(incoming.id()));
        store.queue(DEST).ack(control.id());

        assertTrue(store.receive(incoming.id(), until, List.of(incoming)));
        assertTrue(store.seenSet().contains(incoming.id()));
        assertEquals(List.of(incoming), store.queue("vara-1").peek(10));
        store.queue("vara-1").ack(incoming.id());
        assertFalse(store.receive(incoming.id(), until, List.of(incoming)), "seen before: not queued again");
        assertEquals(0, store.queue("vara-1").stats().depth());
    }

    @Test
    void newFileGetsTheLatestSchemaVersion() throws Exception {
        assertEquals(4, open(options().build()).schemaVersion());
    }

    @Test
    void oneLinkKeepsAQueuePerFarStationEachHoldingTheSameIdOnce() throws Exception {
        MessageStore store = open(options().build());
        QueuedMessage forAnyone = messages.message(DEST, Priority.TX);
        QueuedMessage forB = forAnyone.withStation("K1ABC-1");
        QueuedMessage forC = forAnyone.withStation("K2XYZ");
        assertTrue(store.receive(forAnyone.id(), clock.instant().plusSeconds(3600), List.of(forAnyone, forB, forC)),
                "one message, three rows in one transaction");
        assertEquals(List.of(forB), store.queue(DEST, "K1ABC-1").peek(10));
        assertEquals(List.of(forC), store.queue(DEST, "K2XYZ").peek(10));
        assertEquals(List.of(forAnyone), store.queue(DEST).peek(10));

        store.queue(DEST, "K1ABC-1").ack(forAnyone.id());
        assertFalse(store.queue(DEST, "K1ABC-1").contains(forAnyone.id()));
        assertTrue(store.queue(DEST, "K2XYZ").contains(forAnyone.id()), "B's ACK settles only B's row");
        assertTrue(store.queue(DEST).contains(forAnyone.id()));
        assertEquals(List.of(DEST, DEST + "/K2XYZ"), store.destinations());
        store.close();

        MessageStore reopened = open(options().build());
        assertEquals(List.of(forC), reopened.queue(DEST, "K2XYZ").peek(10), "the station is read back from disk");
        assertEquals(List.of(DEST, DEST + "/K2XYZ"), reopened.stats().stream().map(QueueStats::destination).toList(),
                "stats per queue that holds messages");
        assertEquals(1, reopened.queue(DEST, "K2XYZ").stats().depth());
    }
}
