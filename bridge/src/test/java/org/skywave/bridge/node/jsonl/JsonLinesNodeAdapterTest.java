package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.node.jsonl.JsonLinesTestPeer.WAIT;
import static org.skywave.bridge.node.jsonl.JsonLinesTestPeer.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.node.NodeException;
import org.skywave.bridge.node.NodeListener;
import org.skywave.bridge.node.NodeState;

/** The adapter against {@link JsonLinesTestPeer} over loopback TCP. */
class JsonLinesNodeAdapterTest {

    private static final String GET_MEMPOOL = "\"GetMempool\"";
    /** Unusual but valid: spaces and tabs, keys out of order, escapes, non-ASCII and astral characters. */
    private static final String ODD_TX = "{ \"to\":\"caf\u00e9\",\t\"amount\" : 1.5e2 ,\"from\":\"\u65e5\u672c \ud83d\ude00\","
            + " \"memo\":\"say \\\"hi\\\" \\u00e9\\n\",\"sig\":[ 1,2 ]}";

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Recorder events = new Recorder();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private JsonLinesTestPeer peer() throws InterruptedException {
        return track(JsonLinesTestPeer.start());
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private static JsonLinesNodeConfig config(int port) {
        return JsonLinesNodeConfig.of("127.0.0.1", port)
                .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(400))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private JsonLinesNodeAdapter started(JsonLinesNodeConfig config) {
        JsonLinesNodeAdapter adapter = track(new JsonLinesNodeAdapter(config, events));
        adapter.start();
        return adapter;
    }

    /** Started, up, and its first GetMempool answered (seen by the listener getting {@code lastMempoolTx}, if any). */
    private JsonLinesNodeAdapter connected(JsonLinesTestPeer peer) {
        JsonLinesNodeAdapter adapter = started(config(peer.port()));
        assertTrue(await(WAIT, () -> adapter.state() == NodeState.UP), "up; states " + events.states);
        assertTrue(peer.awaitReceived(GET_MEMPOOL, 1), "initial GetMempool; peer got " + peer.received());
        return adapter;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return e.getCause();
    }

    @Test
    void connectsWithoutHandshakeAsksForTheMempoolAndDeliversIt() throws Exception {
        JsonLinesTestPeer peer = peer();
        peer.addToMempool("{\"id\":1}");
        peer.addToMempool(ODD_TX);
        connected(peer);

        assertEquals(GET_MEMPOOL, peer.received().get(0), "first line we send");
        assertArrayEquals(utf8("{\"id\":1}"), events.nextTransaction());
        assertArrayEquals(utf8(ODD_TX), events.nextTransaction());
        assertEquals(List.of(NodeState.CONNECTING, NodeState.UP), events.states);
        assertTrue(events.details.get(1).contains("no handshake"), events.details.toString());
    }

    @Test
    void pushedTransactionReachesTheListenerByteExactOnce() throws Exception {
        JsonLinesTestPeer peer = peer();
        JsonLinesNodeAdapter adapter = connected(peer);

        peer.sendLine("{ \"NewTransaction\" :\t" + ODD_TX + "   }\r");
        assertArrayEquals(utf8(ODD_TX), events.nextTransaction());

        peer.pushTransaction(ODD_TX);
        peer.pushTransaction("{\"id\":2}");
        assertArrayEquals(utf8("{\"id\":2}"), events.nextTransaction(), "the repeat of ODD_TX is not delivered again");
        assertEquals(0, adapter.malformedLines());
    }

    @Test
    void pushedBlockReachesTheListenerByteExact() throws Exception {
        JsonLinesTestPeer peer = peer();
        connected(peer);
        String block = "{\"index\": 7, \"transactions\":[" + ODD_TX + "], \"previous_hash\":\"00ab\"}";
        peer.pushBlock(block);
        assertArrayEquals(utf8(block), events.blocks.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, events.headers.size());
    }

    @Test
    void bestHeightIsTheChainLengthMinusOneThenOneMoreForEachNewBlock() throws Exception {
        JsonLinesTestPeer peer = peer();
        for (int i = 0; i < 3; i++) {
            peer.addToChain("{\"index\":" + i + "}");
        }
        JsonLinesNodeAdapter adapter = connected(peer);
        peer.pushBlock("{\"index\":3}");
        assertArrayEquals(utf8("{\"index\":3}"), events.blocks.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(adapter.bestHeight().isEmpty(), "a block alone says nothing of the chain's length");

        peer.pushChain(); // blocks 0..3
        peer.pushTransaction("{\"after\":\"chain\"}"); // lines are handled in order: once this is in, so is the chain
        assertArrayEquals(utf8("{\"after\":\"chain\"}"), events.nextTransaction());
        assertEquals(OptionalLong.of(3), adapter.bestHeight(), "4 blocks: genesis at 0, best at 3");

        peer.pushBlock("{\"index\":4}");
        peer.pushBlock("{\"index\":4}");
        peer.pushBlock("{\"index\":2}"); // already in the chain
        peer.pushBlock("{\"index\":5}");
        assertArrayEquals(utf8("{\"index\":4}"), events.blocks.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertArrayEquals(utf8("{\"index\":5}"), events.blocks.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(OptionalLong.of(5), adapter.bestHeight(), "one more for each new block, none for a repeat");
    }

    @Test
    void submittedTransactionReachesThePeersMempoolByteExactAndIsFoundThere() throws Exception {
        JsonLinesTestPeer peer = peer();
        JsonLinesNodeAdapter adapter = connected(peer);

        get(adapter.submitTransaction(utf8(ODD_TX)));
        assertTrue(peer.awaitReceived("{\"NewTransaction\":" + ODD_TX + "}", 1), "peer got " + peer.received());
        assertEquals(List.of(ODD_TX), peer.mempool());

        assertTrue(get(adapter.mempoolContains(adapter.ids().idOf(utf8(ODD_TX)))));
        assertFalse(get(adapter.mempoolContains(JsonLinesIds.blake3(utf8("{\"id\":404}")))));
        assertNull(events.transactions.poll(), "our own transaction is not news for the listener");
    }

    @Test
    void transactionWithAHashFieldIsFoundByThatHash() throws Exception {
        JsonLinesTestPeer peer = peer();
        JsonLinesNodeAdapter adapter = connected(peer);
        String hash = "9f".repeat(32);
        get(adapter.submitTransaction(utf8("{\"hash\":\"" + hash + "\",\"amount\":3}")));
        assertTrue(get(adapter.mempoolContains(HexFormat.of().parseHex(hash))));
    }

    @Test
    void submitRefusesWhatIsNotExactlyOneJsonValue() throws Exception {
        JsonLinesTestPeer peer = peer();
        JsonLinesNodeAdapter adapter = connected(peer);
        for (String bad : List.of("{\"a\":", "{} {}", " {}", "{\"a\":\n1}", "")) {
            Throwable e = failure(adapter.submitTransaction(utf8(bad)));
            assertInstanceOf(JsonLinesProtocolException.class, e, bad);
        }
        assertEquals(List.of(GET_MEMPOOL), peer.received(), "nothing bad was sent");
    }

    @Test
    void submissionWhileDownIsSentOnceConnected() throws Exception {
        int port;
        try (JsonLinesTestPeer gone = JsonLinesTestPeer.start()) {
            port = gone.port();
        }
        JsonLinesNodeAdapter adapter = started(config(port));
        assertTrue(await(WAIT, () -> events.states.contains(NodeState.DOWN)), "refused; states " + events.states);
        CompletableFuture<Void> sent = adapter.submitTransaction(utf8("{\"id\":3}"));
        assertFalse(sent.isDone());

        JsonLinesTestPeer peer = track(JsonLinesTestPeer.start(port));
        get(sent);
        assertTrue(peer.awaitReceived("{\"NewTransaction\":{\"id\":3}}", 1));
        assertEquals(List.of(GET_MEMPOOL, "{\"NewTransaction\":{\"id\":3}}"), peer.received());
    }

    @Test
    void malformedLinesAreCountedAndSkippedOnTheSameConnection() throws Exception {
        JsonLinesTestPeer peer = peer();
        JsonLinesNodeAdapter adapter = connected(peer);

        peer.sendLine("this is not json");
        peer.sendLine("{\"Ping\":1}");
        peer.sendLine("\"Chain\"");
        peer.sendLine(new byte[] {'"', (byte) 0xff, '"'});
        peer.sendLine("{\"NewTransaction\":1,\"NewBlock\":2}");
        peer.sendLine("{\"NewTransaction\":{\"a\":}");
        peer.sendLine("   ");
        peer.pushTransaction("{\"id\":4}");

        assertArrayEquals(utf8("{\"id\":4}"), events.nextTransaction());
        assertEquals(6, adapter.malformedLines(), "the blank line is not counted");
        assertEquals(0, adapter.overlongLines());
        assertEquals(1, peer.connectionsAccepted());
        assertEquals(NodeState.UP, adapter.state());
    }

    @Test
    void overlongLineClosesTheConnectionAndTheAdapterReconnects() throws Exception {
        JsonLinesTestPeer peer = peer();
        JsonLinesNodeAdapter adapter = started(config(peer.port()).withMaxLineBytes(JsonLinesCodec.MIN_MAX_LINE_BYTES));
        assertTrue(peer.awaitReceived(GET_MEMPOOL, 1));

        peer.sendLine("{\"NewTransaction\":\"" + "x".repeat(JsonLinesCodec.MIN_MAX_LINE_BYTES) + "\"}");
        assertTrue(await(WAIT, () -> adapter.overlongLines() == 1), "overlong counted");
        assertTrue(await(WAIT, () -> peer.connectionsAccepted() == 2), "reconnected; states " + events.states);
        assertTrue(peer.awaitReceived(GET_MEMPOOL, 2), "asked again on the new connection");
        assertTrue(events.details.stream().anyMatch(d -> d.contains("line longer than " + JsonLinesCodec.MIN_MAX_LINE_BYTES)),
                events.details.toString());

        peer.pushTransaction("{\"id\":5}");
        assertArrayEquals(utf8("{\"id\":5}"), events.nextTransaction());
        assertEquals(0, adapter.malformedLines());
    }

    @Test
    void reconnectsWithBackOffAfterThePeerRestarts() throws Exception {
        JsonLinesTestPeer first = JsonLinesTestPeer.start();
        int port = first.port();
        JsonLinesNodeAdapter adapter;
        try (first) {
            adapter = connected(first);
        }
        // 50, 100, 200 ms between attempts: three refused attempts take well under the wait.
        assertTrue(await(WAIT, () -> events.states.stream().filter(s -> s == NodeState.DOWN).count() >= 4),
                "lost, then refused three times; states " + events.states);
        assertThrows(ExecutionException.class, () -> get(adapter.mempoolContains(new byte[] {1})), "no answer while down");

        JsonLinesTestPeer second = track(JsonLinesTestPeer.start(port));
        second.addToMempool("{\"id\":6}");
        assertArrayEquals(utf8("{\"id\":6}"), events.nextTransaction());
        assertEquals(NodeState.UP, adapter.state());
        // The peer records a line after answering it, so its reply can arrive before the record.
        assertTrue(second.awaitReceived(GET_MEMPOOL, 1), "asked again; peer got " + second.received());
        assertEquals(GET_MEMPOOL, second.received().get(0));
        assertTrue(get(adapter.mempoolContains(adapter.ids().idOf(utf8("{\"id\":6}")))));
    }

    @Test
    void mempoolRepliesArePairedWithRequestsInOrder() throws Exception {
        JsonLinesTestPeer peer = peer();
        peer.answering(false);
        JsonLinesNodeAdapter adapter = connected(peer);

        CompletableFuture<Boolean> asked = adapter.mempoolContains(adapter.ids().idOf(utf8("{\"id\":7}")));
        assertTrue(peer.awaitReceived(GET_MEMPOOL, 2));
        peer.sendLine("{\"Mempool\":[]}");
        peer.pushTransaction("{\"id\":8}");
        assertArrayEquals(utf8("{\"id\":8}"), events.nextTransaction());
        assertFalse(asked.isDone(), "the first reply answers the GetMempool sent on connect, not the question");

        peer.sendLine("{\"Mempool\":[{\"id\":7}]}");
        assertTrue(get(asked));
        assertArrayEquals(utf8("{\"id\":7}"), events.nextTransaction(), "a mempool transaction is news too");
    }

    @Test
    void unansweredQuestionTimesOut() throws Exception {
        JsonLinesTestPeer peer = peer();
        peer.answering(false);
        JsonLinesNodeAdapter adapter = started(config(peer.port()).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200)));
        assertTrue(peer.awaitReceived(GET_MEMPOOL, 1));
        Throwable e = failure(adapter.mempoolContains(new byte[] {1, 2}));
        assertInstanceOf(NodeException.class, e);
        assertTrue(e.getMessage().contains("did not answer GetMempool within 200 ms (asking about 0102)"), e.getMessage());
    }

    @Test
    void answersTheNodesOwnRequestsWithEmptyLists() throws Exception {
        JsonLinesTestPeer peer = peer();
        connected(peer);
        peer.sendLine("\"GetChain\"");
        peer.sendLine("{\"GetMempool\":null}");
        assertTrue(peer.awaitReceived("{\"Chain\":[]}", 1), "peer got " + peer.received());
        assertTrue(peer.awaitReceived("{\"Mempool\":[]}", 1), "peer got " + peer.received());
        assertEquals(0, peer.malformedReceived());
    }

    @Test
    void closeIsFinalAndFailsWhatIsAskedAfterwards() throws Exception {
        JsonLinesTestPeer peer = peer();
        JsonLinesNodeAdapter adapter = connected(peer);
        adapter.close();
        adapter.close();
        assertEquals(NodeState.CLOSED, adapter.state());
        assertEquals(NodeState.CLOSED, events.states.get(events.states.size() - 1));
        assertInstanceOf(NodeException.class, failure(adapter.submitTransaction(utf8("{}"))));
        assertInstanceOf(NodeException.class, failure(adapter.mempoolContains(new byte[] {1})));
    }

    @Test
    void questionBeforeConnectingFailsAtOnce() {
        JsonLinesNodeAdapter adapter = track(new JsonLinesNodeAdapter(config(7000), events));
        Throwable e = failure(adapter.mempoolContains(new byte[] {(byte) 0xab}));
        assertEquals("cannot ask jsonl://127.0.0.1:7000 about ab: not connected (state CLOSED)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adapter.mempoolContains(new byte[0]));
    }

    /** Records what the adapter reports; never blocks. */
    private static final class Recorder implements NodeListener {
        final BlockingQueue<byte[]> transactions = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> blocks = new LinkedBlockingQueue<>();
        final List<List<byte[]>> headers = new CopyOnWriteArrayList<>();
        final List<NodeState> states = new CopyOnWriteArrayList<>();
        final List<String> details = new CopyOnWriteArrayList<>();

        byte[] nextTransaction() throws InterruptedException {
            byte[] tx = transactions.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (tx == null) {
                throw new AssertionError("no transaction within " + WAIT + "; states " + states + " " + details);
            }
            return tx;
        }

        @Override
        public void onTransaction(byte[] rawTx) {
            transactions.add(rawTx);
        }

        @Override
        public void onHeaders(List<byte[]> rawHeaders) {
            headers.add(rawHeaders);
        }

        @Override
        public void onBlock(byte[] rawBlock) {
            blocks.add(rawBlock);
        }

        @Override
        public void onStateChanged(NodeState state, String detail) {
            states.add(state);
            details.add(detail);
        }
    }
}
