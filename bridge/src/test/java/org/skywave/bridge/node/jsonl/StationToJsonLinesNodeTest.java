package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.NodeAttachment;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.testing.Waits;
import org.skywave.transport.LinkUri;
import org.skywave.transport.tcp.TcpTransport;

/**
 * Two stations over TCP on loopback; B has a JSON-lines node attached, which is down while the
 * transactions arrive over the link: they wait in B's durable queue for the node and all reach it
 * once it is back, each written once.
 */
class StationToJsonLinesNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The node's outage; long enough for several reconnect attempts and polls of the queue. */
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

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

    @Test
    void transactionsArrivingWhileTheNodeIsDownReachItOnceItIsBack() throws Exception {
        int linkPort = Waits.freeLoopbackPort();
        int nodePort = Waits.freeLoopbackPort();
        TransportRegistry registry = track(new TransportRegistry(List.of(new TcpTransport())));
        MessageStore storeA = track(MessageStore.open(dir.resolve("a.db")));
        MessageStore storeB = track(MessageStore.open(dir.resolve("b.db")));
        Station a = track(new Station("A", List.of(new StationLinkSpec("link", LinkUri.parse("tcp-listen://127.0.0.1:" + linkPort), true, 0)),
                registry, storeA, StationExecutor.singleThread("A"), Duration.ofHours(1), LocalDelivery.NONE, new SplittableRandom(1)));
        Station b = track(new Station("B", List.of(new StationLinkSpec("link", LinkUri.parse("tcp://127.0.0.1:" + linkPort), true, 0)),
                registry, storeB, StationExecutor.singleThread("B"), Duration.ofHours(1), LocalDelivery.NONE, new SplittableRandom(2)));
        JsonLinesNodeConfig config = JsonLinesNodeConfig.of("127.0.0.1", nodePort)
                .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(400))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        NodeAttachment node = track(new NodeAttachment("bunker", Network.BUNKERCOIN, listener -> new JsonLinesNodeAdapter(config, listener)));
        node.attach(b, storeB);
        a.start().get(10, TimeUnit.SECONDS);
        b.start().get(10, TimeUnit.SECONDS);
        node.start(); // nothing listens on the node's port yet: the node is down

        List<TxMessage> txs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            txs.add(new TxMessage(Network.BUNKERCOIN, ("{\"from\":\"a\",\"to\":\"b\",\"amount\":" + i + "}")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        for (TxMessage tx : txs) {
            a.submit(tx).get(10, TimeUnit.SECONDS);
        }
        Waits.untilOrFail(WAIT, () -> depth(storeB, node.destination()) == txs.size(), "all 20 queued at B for the node");
        Thread.sleep(OUTAGE.toMillis()); // bounded: the node stays away a while, its queue must keep them

        assertEquals(txs.size(), depth(storeB, node.destination()), "nothing leaves the node's queue while it is down");
        JsonLinesTestPeer peer = track(JsonLinesTestPeer.start(nodePort));
        Waits.untilOrFail(WAIT, () -> peer.mempool().size() == txs.size() && depth(storeB, node.destination()) == 0,
                "all 20 in the node's mempool and B's queue for it empty");
        int written = (int) peer.received().stream().filter(line -> line.startsWith("{\"NewTransaction\"")).count();
        System.out.println("StationToJsonLinesNodeTest: accepted " + txs.size() + ", at the node " + peer.mempool().size()
                + ", written " + written + " (twice: " + (written - txs.size()) + ")");
        for (TxMessage tx : txs) {
            assertTrue(peer.mempool().contains(new String(tx.rawTransaction(), StandardCharsets.UTF_8)), "in the mempool: " + tx.id());
        }
        assertEquals(txs.size(), written, "each written to the node once");
    }

    private static long depth(MessageStore store, String destination) {
        try {
            return store.queue(destination).stats().depth();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
