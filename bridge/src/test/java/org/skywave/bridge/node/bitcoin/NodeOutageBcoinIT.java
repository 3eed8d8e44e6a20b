package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
 * A real bcoin node behind station B is stopped while transactions arrive at B over a TCP link
 * from station A, and started again (same chain, empty mempool) a minute later: every one of them
 * reaches its mempool, from B's durable queue for the node, and leaves that queue only then.
 * The node's outage is {@code -Dskywave.it.nodeOutageSeconds} (default 60).
 */
class NodeOutageBcoinIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("skywave.it.nodeOutageSeconds", 60));
    private static final Path LOGS = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "bcoin-it");
    private static final int COUNT = 5;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    @Test
    void transactionsArrivingWhileTheNodeIsStoppedReachItsMempoolWhenItIsBack() throws Exception {
        BcoinRegtestNode wallet = track(BcoinRegtestNode.start("outage-wallet", LOGS));
        BcoinRegtestNode node = BcoinRegtestNode.startPersistent("outage-node", LOGS);
        toClose.add(() -> nodeNow[0].close());
        nodeNow[0] = node;
        String address = wallet.newWalletAddress();
        wallet.rpc("generatetoaddress", 110, address);
        node.rpc("addnode", "127.0.0.1:" + wallet.p2pPort, "onetry");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node.height() == 110), "the node synced the chain");
        node.rpc("disconnectnode", "127.0.0.1:" + wallet.p2pPort);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> wallet.agents().isEmpty() && node.agents().isEmpty()), "cut apart");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> wallet.balance() > 0), "wallet balance");

        int linkPort = Waits.freeLoopbackPort();
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), "outage-stores");
        TransportRegistry registry = track(new TransportRegistry(List.of(new TcpTransport())));
        MessageStore storeA = track(MessageStore.open(dir.resolve("a.db")));
        MessageStore storeB = track(MessageStore.open(dir.resolve("b.db")));
        Station a = track(new Station("A", List.of(new StationLinkSpec("link", LinkUri.parse("tcp-listen://127.0.0.1:" + linkPort), true, 0)),
                registry, storeA, StationExecutor.singleThread("A"), Duration.ofHours(1), LocalDelivery.NONE, new SplittableRandom(1)));
        Station b = track(new Station("B", List.of(new StationLinkSpec("link", LinkUri.parse("tcp://127.0.0.1:" + linkPort), true, 0)),
                registry, storeB, StationExecutor.singleThread("B"), Duration.ofHours(1), LocalDelivery.NONE, new SplittableRandom(2)));
        NodeAttachment attachment = track(NodeAttachment.forUri("bcoin", "bitcoin://127.0.0.1:" + node.p2pPort + "?network=regtest"));
        attachment.attach(b, storeB);
        a.start().get(10, TimeUnit.SECONDS);
        b.start().get(10, TimeUnit.SECONDS);
        attachment.start();
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node.agents().contains(BitcoinNodeConfig.DEFAULT_USER_AGENT)),
                "station B attached to the node");

        node.stop();
        List<String> txids = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            String txid = wallet.walletRpc("sendtoaddress", wallet.newWalletAddress(), 0.5 + i).asText();
            txids.add(txid);
            // The wallet answers before its node's mempool holds the transaction on a loaded machine.
            assertTrue(BcoinRegtestNode.await(WAIT, () -> wallet.mempoolNow().contains(txid)), "the wallet's node has " + txid);
            byte[] raw = HexFormat.of().parseHex(wallet.rpc("getrawtransaction", txid).asText());
            a.submit(new TxMessage(Network.BITCOIN_REGTEST, raw)).get(10, TimeUnit.SECONDS);
        }
        wallet.stop(); // its mempool holds them too: it must not be where the node gets them from
        Waits.untilOrFail(WAIT, () -> depth(storeB, attachment.destination()) == COUNT, "all " + COUNT + " queued at B for the node");
        Thread.sleep(OUTAGE.toMillis()); // bounded: the node stays stopped; B's queue must keep them

        assertEquals(COUNT, depth(storeB, attachment.destination()), "nothing left B's queue while the node was stopped");
        BcoinRegtestNode back = node.restart();
        nodeNow[0] = back;
        assertEquals(110, back.height(), "the restarted node kept its chain");
        for (String txid : txids) {
            assertFalse(back.mempool().contains(txid), "a restarted node starts with an empty mempool");
        }
        assertTrue(BcoinRegtestNode.await(WAIT, () -> back.mempoolNow().containsAll(txids)),
                "every transaction in the mempool: " + back.mempoolNow() + " of " + txids);
        Waits.untilOrFail(WAIT, () -> depth(storeB, attachment.destination()) == 0, "B's queue for the node empty");
        long handed = attachment.delivered();
        System.out.println("[NodeOutageBcoinIT] accepted " + COUNT + ", in the node's mempool " + txids.size()
                + ", handed over " + handed + " (twice: " + (handed - COUNT) + "), outage " + OUTAGE.toSeconds() + " s");
        assertEquals(COUNT, handed, "each handed to the node once");
    }

    private final BcoinRegtestNode[] nodeNow = new BcoinRegtestNode[1];

    private static long depth(MessageStore store, String destination) {
        try {
            return store.queue(destination).stats().depth();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
