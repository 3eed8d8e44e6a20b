package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.testing.Waits;
import org.skywave.transport.LinkUri;
import org.skywave.transport.tcp.TcpTransport;

/**
 * A burst of messages over TCP is stored without the station thread waiting for each commit (they
 * share commits), and still no message is acknowledged before it is durable: whenever an ACK arrives, every id
 * it names is in the committed seen-set (read through the store's own reader connection, which
 * sees committed transactions only).
 */
class StationAckAfterCommitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TransportRegistry registry = new TransportRegistry(List.of(new TcpTransport()));
    private MessageStore store;
    private Station station;
    private RawTcpPeer peer;

    @AfterEach
    void stop() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (station != null) {
            station.close();
        }
        if (store != null) {
            store.close();
        }
        registry.close();
    }

    @Test
    void aBurstIsAcknowledgedOnlyOnceDurable() throws Exception {
        int port = Waits.freeLoopbackPort();
        store = MessageStore.open(dir.resolve("station.db"));
        station = new Station("S", List.of(new StationLinkSpec("link", LinkUri.parse("tcp-listen://127.0.0.1:" + port), false, 0)),
                registry, store, StationExecutor.singleThread("S"), Duration.ofHours(1), LocalDelivery.NONE,
                new SplittableRandom(3), null, PeerScores.Limits.defaults());
        Waits.result(station.start(), TIMEOUT);
        peer = new RawTcpPeer(port, TIMEOUT);
        assertInstanceOf(HelloMessage.class, peer.next());

        List<TxMessage> txs = StationTest.transactions(0xAC4L, 300);
        long commitsBefore = store.commits();
        txs.forEach(peer::send);
        Set<MessageId> acknowledged = new HashSet<>();
        for (int i = 0; i < 1000 && acknowledged.size() < txs.size(); i++) {
            Message answer = peer.next();
            if (answer instanceof AckMessage ack) {
                for (MessageId id : ack.ids()) {
                    assertTrue(store.seenSet().contains(id), "acknowledged before its commit: " + id.shortHex());
                }
                acknowledged.addAll(ack.ids());
            }
        }
        assertEquals(txs.size(), acknowledged.size(), "every message acknowledged");
        long commits = store.commits() - commitsBefore;
        System.out.println("StationAckAfterCommitTest: " + txs.size() + " messages stored in " + commits + " commit(s)");
        // The station thread hands the burst over without waiting: commits are shared (4 for 300 on the
        // development machine); one each would mean every message waited for its own fsync.
        assertTrue(commits < txs.size(), "the burst shared commits: " + commits + " for " + txs.size());
    }
}
