package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.radio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.demo.DemoTransactions;
import org.skywave.bridge.message.BlockMessage;
import org.skywave.bridge.message.HeadersMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageArbitraries;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.transport.LinkState;

/**
 * Two stations on a simulated 1200 bit/s AX.25 channel, each with its SQLite store: what A
 * accepts reaches B exactly once, byte for byte, through loss, an outage and a restart, and
 * leaves A's queue only once B acknowledged it.
 */
class StationTest {

    private static final String AIR = "sim:ax25-1200?channel=air";
    /** Far more than any run here needs; a run that hits it has stalled. */
    private static final Duration LIMIT = Duration.ofHours(2);

    @TempDir
    Path dir;

    @Test
    void everySubmittedTransactionArrivesOnceByteIdenticalAndIsAcknowledged() {
        long seed = seed(0x5ca1_ab1eL);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", AIR)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();
            List<TxMessage> txs = transactions(seed, 20);
            for (TxMessage tx : txs) {
                assertEquals(tx.id(), a.submit(tx));
                assertTrue(a.queued("radio", tx.id()), "submit completed before the message was durable");
            }

            runUntilDelivered(net, a, b, ids(txs));
            net.advance(Duration.ofMinutes(5)); // late duplicates would show up here

            assertDeliveredOnceEach(b, txs);
            for (Deliveries.Delivery delivery : b.deliveries().all()) {
                TxMessage sent = txs.stream().filter(tx -> tx.id().equals(delivery.message().id())).findFirst().orElseThrow();
                assertArrayEquals(sent.rawTransaction(), ((TxMessage) delivery.message()).rawTransaction());
                assertEquals("radio", delivery.linkName());
            }
            assertEquals(0, a.depth("radio"), "every message acknowledged");
            StationLinkStatus status = a.status("radio");
            System.out.println("StationTest lossless run: " + txs.size() + " delivered in " + b.deliveries().all().get(txs.size() - 1).at()
                    + " virtual; " + status);
            assertEquals(txs.size(), status.messagesSent());
            assertEquals(0, status.retransmissions(), "a clean channel needs no second try: the ACK comes back within the retry delay");
            assertEquals(0, b.depth("radio"), "B relays nothing from the air back onto the air");
            assertTrue(txs.stream().allMatch(tx -> b.seen(tx.id())));
        }
    }

    @Test
    void everyRelayedKindArrivesEqualAfterEncoding() {
        long seed = seed(0x0c0d_ec00L);
        MessageCodec codec = new MessageCodec();
        Set<MessageKind> linkLocal = Set.of(MessageKind.HELLO, MessageKind.PING, MessageKind.PONG, MessageKind.ACK, MessageKind.REJECT);
        Map<MessageId, Message> relayed = new LinkedHashMap<>();
        List<Message> local = new ArrayList<>();
        for (Message message : MessageArbitraries.samples(seed, 60)) {
            if (linkLocal.contains(message.kind())) {
                local.add(message);
            } else {
                relayed.putIfAbsent(message.id(), message);
            }
        }
        assertTrue(relayed.size() >= 20 && !local.isEmpty(), "samples cover both: " + relayed.size() + " relayed, " + local.size() + " local");
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", AIR)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();
            for (Message message : local) {
                a.submit(message);
                assertFalse(a.queued("radio", message.id()), "link-local " + message.kind() + " must not be queued");
            }
            relayed.values().forEach(a::submit);

            runUntilDelivered(net, a, b, List.copyOf(relayed.keySet()));
            net.advance(Duration.ofMinutes(5));

            assertEquals(relayed.size(), b.deliveries().size(), "each relayed message once, nothing else");
            for (Deliveries.Delivery delivery : b.deliveries().all()) {
                Message sent = relayed.get(delivery.message().id());
                assertEquals(sent, delivery.message());
                assertArrayEquals(codec.encode(sent), codec.encode(delivery.message()));
            }
            assertEquals(0, a.depth("radio"));
        }
    }

    /** As {@code skywave demo --link ax25-1200 --count 50 --loss 0.2}: every frame either way is lost with probability 0.2. */
    @Test
    void fiftyTransactionsCrossALossyLinkOnceEachAndTheRunRepeatsForItsSeed() {
        long seed = seed(0x1055_0020L);
        LossRun first = lossRun(seed);
        LossRun second = lossRun(seed);
        System.out.printf("StationTest loss run, seed %d: %d delivered in %s virtual, %d sent, %d retransmissions, %d frames lost%n",
                seed, first.deliveries().size(), first.elapsed(), first.sent(), first.retransmissions(), first.framesLost());
        assertTrue(first.retransmissions() > 0, "a 20 % loss rate must cost retransmissions");
        assertTrue(first.framesLost() > 0);
        assertEquals(first, second, "same seed, same run");
    }

    private record LossRun(List<Deliveries.Delivery> deliveries, Duration elapsed, long sent, long retransmissions, long framesLost) {
    }

    private LossRun lossRun(long seed) {
        Path runDir = dir.resolve("run-" + System.nanoTime());
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String lossy = "sim:ax25-1200?channel=demo&loss=0.2";
        try (SimStations net = new SimStations(runDir, seed)) {
            TestStation a = net.station("A", radio("radio", lossy + "&callsign=N0CALL-1")).start();
            TestStation b = net.station("B", radio("radio", lossy + "&callsign=N0CALL-2")).start();
            List<TxMessage> txs = transactions(seed, 50);
            txs.forEach(a::submit);

            runUntilDelivered(net, a, b, ids(txs));
            Duration elapsed = net.elapsed();
            net.advance(Duration.ofMinutes(10));

            assertDeliveredOnceEach(b, txs);
            assertEquals(0, a.depth("radio"));
            StationLinkStatus status = a.status("radio");
            assertEquals(0, status.queueDepth());
            assertEquals(Duration.ZERO, status.oldestQueued());
            assertEquals(LinkState.UP, status.state());
            assertTrue(status.messagesSent() >= txs.size() + status.retransmissions(),
                    "every transmission that aired is a message sent: " + status);
            long lost = status.linkStats().droppedFrames() + b.status("radio").linkStats().droppedFrames();
            return new LossRun(b.deliveries().all(), elapsed, status.messagesSent(), status.retransmissions(), lost);
        }
    }

    @Test
    void messagesQueuedDuringAnOutageArriveAfterItInPriorityOrder() {
        long seed = seed(0x0007_a6e0L);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", AIR)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();
            List<TxMessage> txs = transactions(seed, 8);
            List<TxMessage> before = txs.subList(0, 5);
            before.forEach(a::submit);
            net.advance(Duration.ofSeconds(3)); // the first is on the air
            net.channel("air").setConnected(false);
            net.advance(Duration.ofSeconds(1));
            assertEquals(LinkState.DOWN, a.status("radio").state());
            long sentBefore = a.status("radio").messagesSent();

            BlockMessage block = block(seed);
            HeadersMessage headers = headers(seed);
            List<TxMessage> during = txs.subList(5, 8);
            a.submit(block);
            net.advance(Duration.ofSeconds(10));
            a.submit(headers);
            net.advance(Duration.ofSeconds(10));
            during.forEach(a::submit);
            net.advance(Duration.ofSeconds(40));

            StationLinkStatus down = a.status("radio");
            assertEquals(LinkState.DOWN, down.state());
            assertEquals(sentBefore, down.messagesSent(), "nothing is sent while the link is down");
            List<MessageId> submitted = new ArrayList<>(ids(txs));
            submitted.add(block.id());
            submitted.add(headers.id());
            assertTrue(ids(during).stream().allMatch(id -> a.queued("radio", id)) && a.queued("radio", block.id())
                    && a.queued("radio", headers.id()), "what came during the outage is queued");
            assertEquals(submitted.stream().filter(id -> a.queued("radio", id)).count(), down.queueDepth(), down.toString());
            assertTrue(down.queueDepth() > 5, "some sent before the outage were not acknowledged yet: " + down);
            // The oldest still queued was submitted at virtual time zero; the store counts whole milliseconds.
            assertEquals(net.elapsed().truncatedTo(ChronoUnit.MILLIS), down.oldestQueued());
            assertTrue(b.deliveries().size() < before.size(), "the outage interrupted the run");

            net.channel("air").setConnected(true);
            List<MessageId> all = submitted;
            runUntilDelivered(net, a, b, all);
            net.advance(Duration.ofMinutes(5));

            assertEquals(all.size(), b.deliveries().size());
            all.forEach(id -> assertEquals(1, b.deliveries().count(id), id.shortHex()));
            List<MessageId> queuedTogether = new ArrayList<>(ids(during));
            queuedTogether.add(headers.id());
            queuedTogether.add(block.id());
            List<MessageId> order = b.deliveries().ids().stream().filter(queuedTogether::contains).toList();
            assertEquals(queuedTogether, order, "TX first (in the order given), then HEADERS, then BLOCK");
            StationLinkStatus after = a.status("radio");
            assertEquals(0, after.queueDepth());
            assertEquals(Duration.ZERO, after.oldestQueued());
            assertEquals(LinkState.UP, after.state());
            assertTrue(after.messagesSent() >= all.size(), after.toString());
        }
    }

    @Test
    void restartedStationsDeliverWhatWasQueuedAndNothingTwice() {
        long seed = seed(0x4e57_a470L);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", AIR)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();
            List<TxMessage> txs = transactions(seed, 10);
            txs.forEach(a::submit);
            // Stop A at the worst moment: B has delivered a message whose ACK A has not heard yet.
            net.runUntil("B delivered 3, one of them still unacknowledged at A",
                    () -> b.deliveries().size() >= 3 && b.deliveries().ids().stream().anyMatch(id -> a.queued("radio", id)),
                    LIMIT, () -> a + " / " + b);
            MessageId unacknowledged = b.deliveries().ids().stream().filter(id -> a.queued("radio", id)).findFirst().orElseThrow();
            long queuedAtStop = a.depth("radio");
            int deliveredAtStop = b.deliveries().size();
            a.close();
            net.advance(Duration.ofSeconds(30));
            // A simulated channel takes a new pair of ends only once both are closed: B restarts too,
            // which also proves that its seen-set outlives a restart.
            b.close();
            net.advance(Duration.ofSeconds(5));
            assertEquals(deliveredAtStop, b.deliveries().size());
            assertTrue(queuedAtStop > txs.size() - deliveredAtStop, "A stopped with " + queuedAtStop + " queued");

            b.start();
            a.start();
            assertEquals(queuedAtStop, a.depth("radio"), "the queue is still on disk");
            runUntilDelivered(net, a, b, ids(txs));
            net.advance(Duration.ofMinutes(5));

            assertDeliveredOnceEach(b, txs);
            assertEquals(1, b.deliveries().count(unacknowledged));
            assertEquals(0, a.depth("radio"));
            assertTrue(a.status("radio").retransmissions() >= 1, "A sent the unacknowledged one again: " + a.status("radio"));
        }
    }

    // --- helpers

    /** The fixed seed of a test, or {@code -Dskywave.test.seed}; printed, so any run can be repeated. */
    static long seed(long fixed) {
        long seed = Long.getLong("skywave.test.seed", fixed);
        System.out.println("seed " + seed + " (-Dskywave.test.seed=" + seed + " repeats this run)");
        return seed;
    }

    /** Runs until B delivered every one of {@code ids} and A's radio queue is empty (all acknowledged). */
    static void runUntilDelivered(SimStations net, TestStation a, TestStation b, List<MessageId> ids) {
        net.runUntil("all " + ids.size() + " delivered at B and acknowledged to A",
                () -> ids.stream().allMatch(b.deliveries()::contains) && a.depth("radio") == 0, LIMIT, () -> a + " / " + b);
    }

    static void assertDeliveredOnceEach(TestStation b, List<TxMessage> txs) {
        for (TxMessage tx : txs) {
            assertEquals(1, b.deliveries().count(tx.id()), "deliveries of " + tx.id().shortHex());
        }
        assertEquals(txs.size(), b.deliveries().size(), "nothing else delivered");
    }

    /** Distinct transactions shaped like real ones (192-590 bytes), repeatable for a seed. */
    static List<TxMessage> transactions(long seed, int count) {
        DemoTransactions generator = new DemoTransactions(new SplittableRandom(seed));
        Map<MessageId, TxMessage> byId = new LinkedHashMap<>();
        for (int i = 0; i < 2 * count && byId.size() < count; i++) {
            TxMessage tx = new TxMessage(Network.BITCOIN_REGTEST, generator.next());
            byId.putIfAbsent(tx.id(), tx);
        }
        assertEquals(count, byId.size());
        return List.copyOf(byId.values());
    }

    static List<MessageId> ids(List<? extends Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    static BlockMessage block(long seed) {
        byte[] raw = new byte[1500];
        new SplittableRandom(seed ^ 0xb10cL).nextBytes(raw);
        return new BlockMessage(Network.BITCOIN_REGTEST, raw);
    }

    static HeadersMessage headers(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x4eadL);
        List<byte[]> headers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] header = new byte[80];
            random.nextBytes(header);
            headers.add(header);
        }
        return new HeadersMessage(Network.BITCOIN_REGTEST, headers);
    }
}
