package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.node.NodeListener;
import org.skywave.bridge.node.NodeState;
import org.skywave.bridge.testing.Waits;

/** The best height the Bitcoin adapter reports: the node's start_height, then the headers it announces. */
class BitcoinNodeAdapterHeightTest {

    private static final Duration WAIT = BitcoinTestPeer.WAIT;

    private final List<List<byte[]>> headersHeard = new CopyOnWriteArrayList<>();
    private final List<NodeState> states = new CopyOnWriteArrayList<>();
    private BitcoinTestPeer peer;
    private BitcoinNodeAdapter adapter;

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void startHeightThenOneMoreForEachNewHeader() throws Exception {
        peer = new BitcoinTestPeer(110);
        adapter = new BitcoinNodeAdapter(BitcoinNodeConfig.of("127.0.0.1", peer.port(), BitcoinNetwork.REGTEST)
                .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200)), new Recorder());
        assertEquals(OptionalLong.empty(), adapter.bestHeight(), "nothing heard yet");
        adapter.start();
        assertTrue(await(() -> adapter.state() == NodeState.UP), "handshake; states " + states);
        assertEquals(OptionalLong.of(110), adapter.bestHeight(), "the version message's start_height");

        // Block 111 on top of the node's tip (whose hash the node never told), then 112 on 111.
        byte[] h111 = BitcoinTestPeer.header(new byte[32], 111);
        byte[] h112 = BitcoinTestPeer.header(BitcoinHashes.blockHash(h111), 112);
        announce(List.of(h111, h112));
        assertEquals(OptionalLong.of(112), adapter.bestHeight());

        announce(List.of(h112)); // announced again: no new block
        assertEquals(OptionalLong.of(112), adapter.bestHeight());

        byte[] rival112 = BitcoinTestPeer.header(BitcoinHashes.blockHash(h111), 9112); // a sibling of 112: same height
        announce(List.of(rival112));
        assertEquals(OptionalLong.of(112), adapter.bestHeight(), "a sibling does not raise the height");
        byte[] h113 = BitcoinTestPeer.header(BitcoinHashes.blockHash(rival112), 113);
        announce(List.of(h113));
        assertEquals(OptionalLong.of(113), adapter.bestHeight(), "the rival branch grows past the old tip");

        // The node restarts with a chain of its own: its start_height is taken afresh.
        peer.startHeight(205);
        peer.disconnectAll();
        assertTrue(await(() -> adapter.bestHeight().equals(OptionalLong.of(205))), "reconnected; states " + states
                + ", height " + adapter.bestHeight());
        assertEquals(OptionalLong.of(205), adapter.bestHeight());
    }

    /** Sends {@code headers} and waits until the adapter has passed them to its listener (after counting them). */
    private void announce(List<byte[]> headers) {
        int before = headersHeard.size();
        peer.sendHeaders(headers);
        assertTrue(await(() -> headersHeard.size() > before), "headers reached the listener; peer got " + peer.received());
    }

    private static boolean await(BooleanSupplier condition) {
        return Waits.until(WAIT, condition);
    }

    private final class Recorder implements NodeListener {
        @Override
        public void onTransaction(byte[] rawTx) {
        }

        @Override
        public void onHeaders(List<byte[]> rawHeaders) {
            headersHeard.add(rawHeaders);
        }

        @Override
        public void onBlock(byte[] rawBlock) {
        }

        @Override
        public void onStateChanged(NodeState state, String detail) {
            states.add(state);
        }
    }
}
