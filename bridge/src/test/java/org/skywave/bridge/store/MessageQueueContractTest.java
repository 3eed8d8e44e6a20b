package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.message.MessageId;

/**
 * The {@link MessageQueue} contract, run against every implementation (as Tape's ObjectQueueTest
 * runs FILE and MEMORY). Time is a {@link MutableClock}; events are recorded from the listener.
 */
abstract class MessageQueueContractTest {

    static final String DEST = "ax25-1";
    static final long SEED = 0x5eed_0003L;

    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final List<StoreEvent> events = new CopyOnWriteArrayList<>();
    final TestMessages messages = new TestMessages(SEED, clock);

    StoreOptions.Builder options() {
        return StoreOptions.builder().clock(clock).listener(events::add)
                .maintenanceInterval(Duration.ofHours(1)).statsLogInterval(Duration.ZERO);
    }

    /** A fresh, empty queue for {@code DEST}; implementations close it after the test. */
    abstract MessageQueue newQueue(StoreOptions options) throws StoreException;

    /** A fresh, empty queue for far station {@code station} of {@code DEST}. */
    abstract MessageQueue newStationQueue(StoreOptions options, String station) throws StoreException;

    @Test
    void stationQueueTakesOnlyItsStationsMessagesAndGivesThemBackNamingIt() throws Exception {
        MessageQueue queue = newStationQueue(options().build(), "K1ABC-1");
        assertEquals("K1ABC-1", queue.station());
        QueuedMessage forB = messages.message(DEST, Priority.TX).withStation("K1ABC-1");
        QueuedMessage forAnyone = messages.message(DEST, Priority.TX);
        QueuedMessage forC = messages.message(DEST, Priority.TX).withStation("K2XYZ");
        assertTrue(queue.offer(forB));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> queue.offer(forAnyone)).getMessage()
                .contains("offered to queue " + DEST + "/K1ABC-1"));
        assertThrows(IllegalArgumentException.class, () -> queue.offer(forC));
        assertEquals(List.of(forB), queue.peek(10));
        assertEquals("K1ABC-1", queue.peek(1).get(0).station());
        assertEquals(DEST + "/K1ABC-1", queue.stats().destination());
        queue.ack(forB.id());
        assertEquals(0, queue.stats().depth());
        assertEquals(DEST + "/K1ABC-1", queue.departure(forB.id()).orElseThrow().destination());
    }

    MessageQueue newQueue() throws StoreException {
        return newQueue(options().build());
    }

    private List<StoreEvent> events(StoreEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void offeredMessageIsPeekedUnchanged() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage message = messages.message(DEST, Priority.TX);
        assertTrue(queue.offer(message));
        assertEquals(List.of(message), queue.peek(10));
    }

    @Test
    void hopCountIsKeptThroughRetriesAndRepeats() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage relayed = messages.message(DEST, Priority.TX).withHops(2).withRepeats(3);
        QueuedMessage last = messages.message(DEST, Priority.TX).withHops(QueuedMessage.MAX_HOPS);
        QueuedMessage fresh = messages.message(DEST, Priority.TX);
        for (QueuedMessage m : List.of(relayed, last, fresh)) {
            assertTrue(queue.offer(m));
        }
        assertEquals(List.of(relayed, last, fresh), queue.peek(10));
        assertEquals(List.of(2, 255, 0), queue.peek(10).stream().map(QueuedMessage::hops).toList());
        queue.retryLater(relayed.id(), Duration.ZERO);
        queue.markSent(relayed.id());
        QueuedMessage after = queue.peek(1).get(0);
        assertEquals(relayed.id(), after.id());
        assertEquals(2, after.attempts());
        assertEquals(2, after.hops(), "sending does not change the hop count");
    }

    @Test
    void hopCountOutsideOneByteIsRefusedAtConstruction() {
        QueuedMessage message = messages.message(DEST, Priority.TX);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> message.withHops(256))
                .getMessage().contains("hops not in 0..255: 256"));
        assertThrows(IllegalArgumentException.class, () -> message.withHops(-1));
        assertEquals(7, message.withHops(7).withDestination("vara-1").withRepeats(2).hops());
    }

    @Test
    void peekDoesNotRemoveAndAckDoes() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage message = messages.message(DEST, Priority.TX);
        queue.offer(message);
        assertEquals(1, queue.peek(10).size());
        assertEquals(1, queue.peek(10).size());
        assertTrue(queue.contains(message.id()));
        queue.ack(message.id());
        assertEquals(List.of(), queue.peek(10));
        assertFalse(queue.contains(message.id()));
    }

    @Test
    void ackOfUnknownIdDoesNothing() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage message = messages.message(DEST, Priority.TX);
        queue.offer(message);
        queue.ack(messages.id());
        queue.ack(message.id());
        queue.ack(message.id());
        assertEquals(0, queue.stats().depth());
    }

    @Test
    void peekOrdersByPriorityThenFifo() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage block1 = messages.message(DEST, Priority.BLOCK);
        QueuedMessage tx1 = messages.message(DEST, Priority.TX);
        QueuedMessage control = messages.message(DEST, Priority.CONTROL);
        QueuedMessage tx2 = messages.message(DEST, Priority.TX);
        QueuedMessage headers = messages.message(DEST, Priority.HEADERS);
        QueuedMessage compact = messages.message(DEST, Priority.COMPACT_BLOCK);
        QueuedMessage block2 = messages.message(DEST, Priority.BLOCK);
        for (QueuedMessage m : List.of(block1, tx1, control, tx2, headers, compact, block2)) {
            assertTrue(queue.offer(m));
        }
        assertEquals(List.of(control, tx1, tx2, headers, compact, block1, block2), queue.peek(100));
        assertEquals(List.of(control, tx1, tx2), queue.peek(3));
    }

    @Test
    void duplicateIdIsRefusedAndFirstKept() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage first = messages.message(DEST, Priority.TX);
        QueuedMessage again = new QueuedMessage(first.id(), DEST, Priority.CONTROL, new byte[] {1, 2, 3},
                clock.instant(), clock.instant().plusSeconds(5), 0, 1);
        assertTrue(queue.offer(first));
        assertFalse(queue.offer(again));
        assertEquals(List.of(first), queue.peek(10));
        assertEquals(1, queue.stats().depth());
    }

    @Test
    void retryLaterHoldsTheMessageBackAndCountsTheAttempt() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage first = messages.message(DEST, Priority.TX);
        QueuedMessage second = messages.message(DEST, Priority.TX);
        queue.offer(first);
        queue.offer(second);
        queue.retryLater(first.id(), Duration.ofSeconds(30));
        assertEquals(List.of(second), queue.peek(10));
        clock.advance(Duration.ofSeconds(29));
        assertEquals(List.of(second), queue.peek(10));
        clock.advance(Duration.ofSeconds(1));
        List<QueuedMessage> ready = queue.peek(10);
        assertEquals(List.of(first.id(), second.id()), ready.stream().map(QueuedMessage::id).toList());
        assertEquals(1, ready.get(0).attempts());
        assertEquals(1, queue.stats().retries());
        queue.retryLater(messages.id(), Duration.ofSeconds(1));
        assertEquals(1, queue.stats().retries(), "a retry of an unknown id is not counted");
    }

    @Test
    void markSentRemovesAfterConfiguredRepeats() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage message = messages.message(DEST, Priority.TX).withRepeats(3);
        queue.offer(message);
        queue.markSent(message.id());
        queue.markSent(message.id(), Duration.ofSeconds(10));
        assertEquals(List.of(), queue.peek(10), "held back for 10 s before the third send");
        clock.advance(Duration.ofSeconds(10));
        List<QueuedMessage> ready = queue.peek(10);
        assertEquals(1, ready.size());
        assertEquals(2, ready.get(0).attempts());
        queue.markSent(message.id());
        assertFalse(queue.contains(message.id()));
        assertEquals(0, queue.stats().depth());
    }

    @Test
    void expiredMessagesAreNotPeekedAndArePurgedWithALogLine() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage shortLived = messages.message(DEST, Priority.TX, 10, Duration.ofSeconds(60));
        QueuedMessage longLived = messages.message(DEST, Priority.BLOCK, 10, Duration.ofHours(2));
        queue.offer(shortLived);
        queue.offer(longLived);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(longLived), queue.peek(10));
        assertEquals(2, queue.stats().depth(), "expired but not yet purged");
        assertEquals(1, queue.purgeExpired());
        assertEquals(1, queue.stats().depth());
        assertEquals(1, queue.stats().expiries());
        List<StoreEvent> expired = events(StoreEvent.Kind.EXPIRED);
        assertEquals(1, expired.size());
        assertEquals(shortLived.id().hex(), expired.get(0).id());
        assertEquals(DEST, expired.get(0).destination());
        String line = expired.get(0).logLine();
        assertTrue(line.contains(shortLived.id().hex()) && line.contains(DEST) && line.contains("time-to-live"), line);
    }

    @Test
    void fullStoreEvictsLowestPriorityThenOldestButNeverControl() throws Exception {
        MessageQueue queue = newQueue(options().maxMessages(3).build());
        QueuedMessage tx1 = messages.message(DEST, Priority.TX);
        QueuedMessage block1 = messages.message(DEST, Priority.BLOCK);
        QueuedMessage block2 = messages.message(DEST, Priority.BLOCK);
        QueuedMessage headers = messages.message(DEST, Priority.HEADERS);
        QueuedMessage tx2 = messages.message(DEST, Priority.TX);
        QueuedMessage control1 = messages.message(DEST, Priority.CONTROL);
        QueuedMessage control2 = messages.message(DEST, Priority.CONTROL);
        QueuedMessage control3 = messages.message(DEST, Priority.CONTROL);
        for (QueuedMessage m : List.of(tx1, block1, block2, headers, tx2, control1, control2, control3)) {
            assertTrue(queue.offer(m));
        }
        List<MessageId> evicted = events(StoreEvent.Kind.EVICTED).stream()
                .map(e -> MessageId.fromHex(e.id())).toList();
        assertEquals(List.of(block1.id(), block2.id(), headers.id(), tx1.id(), tx2.id()), evicted);
        assertEquals(List.of(control1, control2, control3), queue.peek(10));
        assertEquals(5, queue.stats().evictions());
        StoreEvent first = events(StoreEvent.Kind.EVICTED).get(0);
        assertEquals(DEST, first.destination());
        assertTrue(first.reason().contains("store full (3/3 messages") && first.reason().contains("lowest priority then oldest"),
                first.reason());

        QueuedMessage control4 = messages.message(DEST, Priority.CONTROL);
        StoreFullException full = assertThrows(StoreFullException.class, () -> queue.offer(control4));
        assertTrue(full.getMessage().contains(control4.id().hex()), full.getMessage());
        assertEquals(List.of(control1, control2, control3), queue.peek(10));
        assertEquals(1, queue.stats().rejected());
        assertEquals(control4.id().hex(), events(StoreEvent.Kind.REJECTED).get(0).id());
    }

    @Test
    void messageRankedBelowEverythingQueuedIsRefusedWhenFull() throws Exception {
        MessageQueue queue = newQueue(options().maxMessages(2).build());
        QueuedMessage tx1 = messages.message(DEST, Priority.TX);
        QueuedMessage tx2 = messages.message(DEST, Priority.TX);
        queue.offer(tx1);
        queue.offer(tx2);
        QueuedMessage block = messages.message(DEST, Priority.BLOCK);
        assertThrows(StoreFullException.class, () -> queue.offer(block));
        assertEquals(List.of(tx1, tx2), queue.peek(10));
        assertEquals(0, queue.stats().evictions());
        QueuedMessage tx3 = messages.message(DEST, Priority.TX);
        assertTrue(queue.offer(tx3), "same class: the oldest gives way");
        assertEquals(List.of(tx2, tx3), queue.peek(10));
    }

    @Test
    void byteBoundEvictsAsManyAsNeeded() throws Exception {
        MessageQueue queue = newQueue(options().maxBytes(100).build());
        QueuedMessage a = messages.message(DEST, Priority.BLOCK, 30, Duration.ofHours(1));
        QueuedMessage b = messages.message(DEST, Priority.BLOCK, 30, Duration.ofHours(1));
        QueuedMessage c = messages.message(DEST, Priority.BLOCK, 30, Duration.ofHours(1));
        QueuedMessage big = messages.message(DEST, Priority.TX, 70, Duration.ofHours(1));
        queue.offer(a);
        queue.offer(b);
        queue.offer(c);
        assertTrue(queue.offer(big));
        assertEquals(List.of(big, c), queue.peek(10));
        assertEquals(100, queue.stats().bytes());
        assertEquals(2, queue.stats().evictions());
        QueuedMessage huge = messages.message(DEST, Priority.CONTROL, 101, Duration.ofHours(1));
        StoreFullException e = assertThrows(StoreFullException.class, () -> queue.offer(huge));
        assertTrue(e.getMessage().contains("101 bytes exceeds the store limit of 100"), e.getMessage());
    }

    @Test
    void statsReportDepthBytesAndOldestAge() throws Exception {
        MessageQueue queue = newQueue();
        QueueStats empty = queue.stats();
        assertEquals(0, empty.depth());
        assertEquals(Duration.ZERO, empty.oldestAge());
        queue.offer(messages.message(DEST, Priority.BLOCK, 100, Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(42));
        queue.offer(messages.message(DEST, Priority.TX, 20, Duration.ofHours(1)));
        QueueStats stats = queue.stats();
        assertEquals(DEST, stats.destination());
        assertEquals(2, stats.depth());
        assertEquals(120, stats.bytes());
        assertEquals(Duration.ofSeconds(42), stats.oldestAge());
        assertTrue(stats.logLine().startsWith("queue ax25-1: depth=2 bytes=120 oldest=PT42S"), stats.logLine());
    }

    @Test
    void messageForAnotherDestinationIsACallerBug() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage other = messages.message("vara-1", Priority.TX);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> queue.offer(other));
        assertTrue(e.getMessage().contains("vara-1") && e.getMessage().contains(DEST), e.getMessage());
    }

    @Test
    void quarantinedMessageLeavesTheQueueAndIsCounted() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage bad = messages.message(DEST, Priority.TX);
        QueuedMessage good = messages.message(DEST, Priority.TX);
        queue.offer(bad);
        queue.offer(good);
        queue.quarantine(bad.id(), "CBOR: unknown kind 0x2f at offset 3");
        assertEquals(List.of(good), queue.peek(10));
        assertEquals(1, queue.stats().quarantined());
        StoreEvent event = events(StoreEvent.Kind.QUARANTINED).get(0);
        assertEquals(bad.id().hex(), event.id());
        assertTrue(event.reason().contains("unknown kind 0x2f"), event.reason());
    }

    @Test
    void peekRejectsNonPositiveMax() throws Exception {
        MessageQueue queue = newQueue();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> queue.peek(0));
        assertEquals("max < 1: 0", e.getMessage());
    }

    @Test
    void statusTellsAttemptsAndTheNextAttemptOfAQueuedMessageOnly() throws Exception {
        MessageQueue queue = newQueue();
        QueuedMessage message = messages.message(DEST, Priority.TX);
        Instant accepted = clock.instant();
        queue.offer(message);
        assertEquals(Optional.of(new QueuedStatus(message.id(), DEST, Priority.TX, message.enqueuedAt(), message.expiresAt(),
                accepted, 0, 1)), queue.status(message.id()), "not sent yet: due since it was accepted");

        clock.advance(Duration.ofSeconds(5));
        queue.retryLater(message.id(), Duration.ofSeconds(30));
        QueuedStatus sent = queue.status(message.id()).orElseThrow();
        assertEquals(1, sent.attempts());
        assertEquals(accepted.plusSeconds(35), sent.nextAttemptAt(), "held back for the retry delay from the send");

        assertEquals(Optional.empty(), queue.status(messages.id()), "never queued");
        queue.ack(message.id());
        assertEquals(Optional.empty(), queue.status(message.id()), "acknowledged: gone");
    }

    @Test
    void departuresAreRememberedWithTheirReasonTimeAndAttempts() throws Exception {
        MessageQueue queue = newQueue(options().maxMessages(3).build());
        QueuedMessage acked = messages.message(DEST, Priority.TX);
        QueuedMessage broadcast = messages.message(DEST, Priority.TX).withRepeats(2);
        QueuedMessage shortLived = messages.message(DEST, Priority.TX, 16, Duration.ofSeconds(10));
        for (QueuedMessage m : List.of(acked, broadcast, shortLived)) {
            assertTrue(queue.offer(m));
        }
        assertEquals(Optional.empty(), queue.departure(acked.id()), "still queued");

        queue.retryLater(acked.id(), Duration.ZERO);
        clock.advance(Duration.ofSeconds(1));
        queue.ack(acked.id());
        assertEquals(Optional.of(new Departure(acked.id(), DEST, Departure.Reason.ACKNOWLEDGED, clock.instant(), 1)),
                queue.departure(acked.id()));

        queue.markSent(broadcast.id());
        assertEquals(Optional.empty(), queue.departure(broadcast.id()), "one of two repeats sent: still queued");
        queue.markSent(broadcast.id());
        assertEquals(Departure.Reason.REPEATS_SENT, queue.departure(broadcast.id()).orElseThrow().reason());
        assertEquals(2, queue.departure(broadcast.id()).orElseThrow().attempts());

        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, queue.purgeExpired());
        assertEquals(Departure.Reason.EXPIRED, queue.departure(shortLived.id()).orElseThrow().reason());

        List<QueuedMessage> blocks = List.of(messages.message(DEST, Priority.BLOCK), messages.message(DEST, Priority.BLOCK),
                messages.message(DEST, Priority.BLOCK));
        for (QueuedMessage m : blocks) {
            queue.offer(m);
        }
        queue.offer(messages.message(DEST, Priority.TX)); // the store holds 3: the oldest block gives way
        assertEquals(Departure.Reason.EVICTED, queue.departure(blocks.get(0).id()).orElseThrow().reason());

        queue.quarantine(blocks.get(1).id(), "payload does not decode");
        assertEquals(Departure.Reason.QUARANTINED, queue.departure(blocks.get(1).id()).orElseThrow().reason());

        assertEquals(Optional.empty(), queue.departure(messages.id()), "never queued");
        assertEquals(Optional.empty(), queue.departure(blocks.get(2).id()), "still queued");
    }
}
