package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.NodeDelivery;
import org.skywave.bridge.node.NodeListener;
import org.skywave.bridge.node.NodeState;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.Priority;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.testing.Waits;

/**
 * Transactions queued durably for a JSON-lines node reach it although it is down when they are
 * queued, goes down while they arrive, and the station itself restarts: each leaves the queue
 * only once its line was written to the node.
 */
class JsonLinesNodeDeliveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DESTINATION = "node:bunker";

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** What the node announces is not under test here. */
    private static final NodeListener QUIET = new NodeListener() {
        @Override
        public void onTransaction(byte[] rawTx) {
        }

        @Override
        public void onHeaders(List<byte[]> rawHeaders) {
        }

        @Override
        public void onBlock(byte[] rawBlock) {
        }

        @Override
        public void onStateChanged(NodeState state, String detail) {
        }
    };

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private static TxMessage tx(int n) {
        return new TxMessage(Network.BUNKERCOIN, ("{\"from\":\"a\",\"to\":\"b\",\"amount\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static void queue(MessageQueue queue, TxMessage tx) throws Exception {
        Instant now = Instant.now();
        queue.offer(QueuedMessage.of(tx.id(), DESTINATION, Priority.TX, MessageCodec.INSTANCE.encode(tx), now, Duration.ofHours(6)));
    }

    static Optional<byte[]> rawTransaction(byte[] payload) {
        try {
            return MessageCodec.INSTANCE.decode(payload) instanceof TxMessage tx ? Optional.of(tx.rawTransaction()) : Optional.empty();
        } catch (MalformedMessageException e) {
            return Optional.empty();
        }
    }

    private NodeDelivery delivery(MessageStore store, int port) {
        JsonLinesNodeAdapter adapter = track(new JsonLinesNodeAdapter(JsonLinesNodeConfig.of("127.0.0.1", port)
                .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(400))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), QUIET));
        NodeDelivery delivery = track(new NodeDelivery("bunker", store.queue(DESTINATION), adapter,
                JsonLinesNodeDeliveryTest::rawTransaction));
        adapter.start();
        delivery.start();
        return delivery;
    }

    private static long depth(MessageStore store) {
        try {
            return store.queue(DESTINATION).stats().depth();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyQueuedTransactionReachesTheNodeThroughItsDowntimeAndARestart() throws Exception {
        int port = Waits.freeLoopbackPort();
        Path file = dir.resolve("station.db");
        MessageStore store = track(MessageStore.open(file));
        NodeDelivery delivery = delivery(store, port);
        MessageStore first = store;
        for (int i = 0; i < 20; i++) {
            queue(store.queue(DESTINATION), tx(i));
        }
        delivery.wake();
        Thread.sleep(500); // bounded: the node is down, nothing can leave the queue meanwhile
        assertEquals(20, depth(store), "nothing leaves the queue while the node is down");

        JsonLinesTestPeer node = track(JsonLinesTestPeer.start(port));
        Waits.untilOrFail(TIMEOUT, () -> node.mempool().size() == 20 && depth(first) == 0, "20 in the node's mempool");

        node.close(); // the node stops; more arrive meanwhile, and the station restarts
        for (int i = 20; i < 30; i++) {
            queue(store.queue(DESTINATION), tx(i));
        }
        delivery.close();
        store.close();
        MessageStore reopened = track(MessageStore.open(file));
        delivery(reopened, port);
        JsonLinesTestPeer again = track(JsonLinesTestPeer.start(port));
        Waits.untilOrFail(TIMEOUT, () -> again.mempool().size() == 10 && depth(reopened) == 0,
                "the 10 queued while the node was down reach it after both restarted");
        List<String> expected = new ArrayList<>();
        for (int i = 20; i < 30; i++) {
            expected.add(new String(tx(i).rawTransaction(), StandardCharsets.UTF_8));
        }
        assertTrue(again.mempool().containsAll(expected), again.mempool().toString());
    }
}
