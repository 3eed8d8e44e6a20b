package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.demo.Demo;

/**
 * The demo with real nodes (issue: the gate and the node adapters): two bcoin regtest nodes that
 * share a chain but are not connected; transactions made on node 1 cross station A, a simulated
 * 1200 bit/s AX.25 link and station B, and must appear in node 2's mempool.
 */
class DemoNodesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "bcoin-it");
    private static final Pattern SUMMARY = Pattern.compile("delivered (\\d+)/(\\d+) in ([0-9.]+) s, on-air bytes (\\d+).*");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void transactionsFromNodeOneReachNodeTwosMempoolOnlyThroughTheRadioLink() throws Exception {
        BcoinRegtestNode node1 = BcoinRegtestNode.start("demo1", LOGS);
        toClose.add(node1);
        BcoinRegtestNode node2 = BcoinRegtestNode.start("demo2", LOGS);
        toClose.add(node2);

        String address = node1.newWalletAddress();
        node1.rpc("generatetoaddress", 110, address);
        node2.rpc("addnode", "127.0.0.1:" + node1.p2pPort, "onetry");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node2.height() == 110), "node 2 synced from node 1");
        node2.rpc("disconnectnode", "127.0.0.1:" + node1.p2pPort);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node1.agents().isEmpty() && node2.agents().isEmpty()),
                "the nodes are cut apart before the run");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node1.balance() > 0), "wallet balance on node 1");

        int count = 2;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Demo demo = new Demo(new Demo.Options(count, "ax25-1200", 1, 0.0, null, null,
                "bitcoin://127.0.0.1:" + node1.p2pPort + "?network=regtest",
                "bitcoin://127.0.0.1:" + node2.p2pPort + "?network=regtest"),
                new PrintStream(output, true, StandardCharsets.UTF_8), false);
        CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(() -> {
            try (TransportRegistry registry = TransportRegistry.standard(1)) {
                return demo.run(registry);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node1.agents().size() == 1 && node2.agents().size() == 1),
                "stations A and B attached to their nodes");

        List<String> txids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            txids.add(node1.walletRpc("sendtoaddress", node1.newWalletAddress(), 0.5 + i).asText());
        }
        for (String txid : txids) {
            assertFalse(node2.mempool().contains(txid), "node 2 has " + txid + " before the link carried it");
        }
        assertEquals(List.of(BitcoinNodeConfig.DEFAULT_USER_AGENT), node2.agents(),
                "node 2's only peer is station B: whatever reaches its mempool came over the link");

        boolean succeeded = run.get(5, TimeUnit.MINUTES);
        String printed = output.toString(StandardCharsets.UTF_8);
        System.out.print("[DemoNodesIT] " + printed);
        assertTrue(succeeded, printed);
        Matcher summary = SUMMARY.matcher(printed);
        assertTrue(summary.find(), printed);
        assertEquals(count + "/" + count, summary.group(1) + "/" + summary.group(2));
        assertTrue(node2.mempool().containsAll(txids), "node 2 mempool " + node2.mempool() + " lacks " + txids);
    }



}
