package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.node.NodeListener;
import org.skywave.bridge.node.NodeState;

/**
 * The adapter against real bcoin 1.0.2 regtest nodes started by the test (see {@link BcoinRegtestNode}):
 * handshake, headers and blocks as they are mined, a wallet transaction fetched from node 1 and
 * injected into node 2 by a second adapter while the two nodes are not connected to each other.
 */
class BitcoinNodeAdapterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** bcoin batches tx inv per peer on a 5 s timer (Peer.INV_INTERVAL): allow for two rounds. */
    private static final Duration TX_ANNOUNCE_WAIT = Duration.ofSeconds(15);
    private static final Path LOGS = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "bcoin-it");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void handshakesThenReceivesMinedHeadersAndBlocks() throws Exception {
        BcoinRegtestNode node = started("hs");
        Recorder events = new Recorder();
        BitcoinNodeAdapter adapter = adapter(node, events, true);

        assertTrue(BcoinRegtestNode.await(WAIT, () -> adapter.state() == NodeState.UP), "handshake; states " + events.states);
        VersionPayload version = adapter.peerVersion().orElseThrow();
        assertEquals("/bcoin:v1.0.2/", version.userAgent());
        assertEquals(70015, version.version());
        assertEquals(OptionalLong.of(0), adapter.bestHeight(), "a fresh regtest chain: start_height 0");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node.agents().contains(BitcoinNodeConfig.DEFAULT_USER_AGENT)),
                "node lists us as a peer");

        String address = node.newWalletAddress();
        String first = node.rpc("generatetoaddress", 1, address).get(0).asText();
        assertTrue(BcoinRegtestNode.await(WAIT, () -> events.headerHashes().contains(first)), "header of block 1; got " + events.headerHashes());
        assertEquals(OptionalLong.of(1), adapter.bestHeight());
        assertTrue(BcoinRegtestNode.await(WAIT, () -> events.blocks.size() >= 1), "block 1 fetched");
        byte[] expectedBlock = HexFormat.of().parseHex(node.rpc("getblock", first, false).asText());
        assertArrayEquals(expectedBlock, events.blocks.get(0), "P2P block bytes equal RPC getblock <hash> false");

        JsonNode more = node.rpc("generatetoaddress", 5, address);
        String tip = more.get(4).asText();
        assertTrue(BcoinRegtestNode.await(WAIT, () -> events.headerHashes().contains(tip)), "header of block 6; got " + events.headerHashes());
        for (JsonNode hash : more) {
            assertTrue(events.headerHashes().contains(hash.asText()), "every mined block announced: " + hash);
        }
        assertEquals(OptionalLong.of(node.rpc("getblockcount").asLong()), adapter.bestHeight(), "the node's own count");
        assertEquals(OptionalLong.of(6), adapter.bestHeight());

        // Out of IBD now: the node answers a mempool question with notfound.
        byte[] unknown = new byte[32];
        new SecureRandom().nextBytes(unknown);
        assertFalse(adapter.mempoolContains(unknown).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(events.transactions.isEmpty(), "no transaction was created");
    }

    @Test
    void transactionFromNodeOneReachesNodeTwoOnlyThroughTheAdapters() throws Exception {
        long startNanos = System.nanoTime();
        BcoinRegtestNode node1 = started("one");
        BcoinRegtestNode node2 = started("two");
        Recorder fromNode1 = new Recorder();
        Recorder fromNode2 = new Recorder();
        BitcoinNodeAdapter adapterA = adapter(node1, fromNode1, false);
        BitcoinNodeAdapter adapterB = adapter(node2, fromNode2, false);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> adapterA.state() == NodeState.UP && adapterB.state() == NodeState.UP),
                "both handshakes; A " + fromNode1.states + " B " + fromNode2.states);

        // Coins to spend: coinbase maturity is 100, so mine 101 blocks beyond the one we spend.
        String address = node1.newWalletAddress();
        JsonNode mined = node1.rpc("generatetoaddress", 110, address);
        String tip = mined.get(109).asText();
        assertTrue(BcoinRegtestNode.await(WAIT, () -> fromNode1.headerHashes().contains(tip)), "tip header reached adapter A");

        // Node 2 shares the chain by syncing from node 1 directly, then the two are cut apart.
        node2.rpc("addnode", "127.0.0.1:" + node1.p2pPort, "onetry");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node2.height() == 110), "node 2 synced to 110, at " + node2.height());
        node2.rpc("disconnectnode", "127.0.0.1:" + node1.p2pPort);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> onlyUs(node1) && onlyUs(node2)),
                "nodes disconnected from each other; node 1 peers " + node1.agents() + ", node 2 peers " + node2.agents());
        assertTrue(fromNode2.headerHashes().contains(tip), "adapter B saw node 2 reach the same tip");

        // The wallet indexes blocks asynchronously: wait until it can spend.
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node1.balance() > 0), "wallet balance on node 1");
        String txid = node1.walletRpc("sendtoaddress", node1.newWalletAddress(), 1.25).asText();
        // The wallet answers before its node's mempool holds the transaction on a loaded machine.
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node1.mempoolNow().contains(txid)), "node 1 mempool has " + txid);

        assertTrue(BcoinRegtestNode.await(TX_ANNOUNCE_WAIT, () -> !fromNode1.transactions.isEmpty()), "adapter A got the tx");
        byte[] raw = fromNode1.transactions.get(0);
        assertEquals(txid, BitcoinHashes.toDisplayHex(TransactionIds.of(raw).txid()));
        assertEquals(node1.rpc("getrawtransaction", txid).asText(), HexFormat.of().formatHex(raw), "same bytes as RPC");
        assertFalse(node2.mempool().contains(txid), "node 2 must not have the tx before the adapter injects it");
        assertFalse(adapterB.mempoolContains(TransactionIds.of(raw).txid()).get(WAIT.toSeconds(), TimeUnit.SECONDS));

        long injectNanos = System.nanoTime();
        adapterB.submitTransaction(raw).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node2.mempoolNow().contains(txid)), "node 2 mempool has " + txid);
        long acceptedMillis = (System.nanoTime() - injectNanos) / 1_000_000;
        assertTrue(adapterB.mempoolContains(TransactionIds.of(raw).txid()).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(onlyUs(node2), "node 2 still has no peer but adapter B: " + node2.agents());
        assertTrue(fromNode2.transactions.isEmpty(), "node 2 does not echo the tx back to the adapter that gave it");
        System.out.printf("tx %s: node 1 -> adapter A -> adapter B -> node 2 mempool in %d ms after submit; test %d ms%n",
                txid, acceptedMillis, (System.nanoTime() - startNanos) / 1_000_000);
    }

    @Test
    void reconnectsWhenTheNodeComesBack() throws Exception {
        BcoinRegtestNode node = started("re");
        Recorder events = new Recorder();
        BitcoinNodeAdapter adapter = adapter(node, events, false);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> adapter.state() == NodeState.UP), "first handshake");
        node.stop();
        assertTrue(BcoinRegtestNode.await(WAIT, () -> adapter.state() != NodeState.UP), "noticed the node going away");
        BcoinRegtestNode again = node.restart();
        toClose.add(again);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> adapter.state() == NodeState.UP), "second handshake; states " + events.states);
        assertTrue(events.states.contains(NodeState.DOWN), "DOWN reported: " + events.states);
        assertEquals(2, events.states.stream().filter(s -> s == NodeState.UP).count(), "two handshakes: " + events.states);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private BcoinRegtestNode started(String name) throws IOException, InterruptedException {
        BcoinRegtestNode node = BcoinRegtestNode.start(name, LOGS);
        toClose.add(node);
        return node;
    }

    private BitcoinNodeAdapter adapter(BcoinRegtestNode node, NodeListener listener, boolean fetchBlocks) {
        BitcoinNodeConfig config = BitcoinNodeConfig.of("127.0.0.1", node.p2pPort, BitcoinNetwork.REGTEST)
                .withFetchBlocks(fetchBlocks)
                .withReconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(10));
        BitcoinNodeAdapter adapter = new BitcoinNodeAdapter(config, listener);
        toClose.add(adapter);
        adapter.start();
        return adapter;
    }





    /** True if our adapter is the node's only peer. */
    private static boolean onlyUs(BcoinRegtestNode node) {
        return node.agents().equals(List.of(BitcoinNodeConfig.DEFAULT_USER_AGENT));
    }

    private static final class Recorder implements NodeListener {
        final List<byte[]> transactions = new CopyOnWriteArrayList<>();
        final List<byte[]> headers = new CopyOnWriteArrayList<>();
        final List<byte[]> blocks = new CopyOnWriteArrayList<>();
        final List<NodeState> states = new CopyOnWriteArrayList<>();

        @Override
        public void onTransaction(byte[] rawTx) {
            transactions.add(rawTx);
        }

        @Override
        public void onHeaders(List<byte[]> rawHeaders) {
            headers.addAll(rawHeaders);
        }

        @Override
        public void onBlock(byte[] rawBlock) {
            blocks.add(rawBlock);
        }

        @Override
        public void onStateChanged(NodeState state, String detail) {
            states.add(state);
        }

        List<String> headerHashes() {
            return headers.stream().map(h -> BitcoinHashes.toDisplayHex(BitcoinHashes.blockHash(h))).toList();
        }
    }
}
