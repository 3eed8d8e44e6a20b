package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.node.NodeAttachment;
import org.skywave.bridge.station.LinkPeer;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.MessageStore;
import org.skywave.transport.LinkUri;
import org.skywave.transport.sim.RealClock;
import org.skywave.transport.sim.SimTransport;

/**
 * A node's best height reaches the far station: a JSON-lines node tells station A its chain, A's
 * next HELLO carries the height over a simulated radio link, and station B records it for the link.
 */
class NodeHeightInHelloTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long SEED = 4_711;

    @TempDir
    Path dir;

    private final RealClock clock = new RealClock();
    private final TransportRegistry registry = new TransportRegistry(List.of(new SimTransport(clock, SEED)));
    private MessageStore storeA;
    private MessageStore storeB;
    private Station a;
    private Station b;
    private JsonLinesTestPeer node;
    private NodeAttachment attachment;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {attachment, node, a, b, storeA, storeB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new AssertionError("closing " + c, e);
            }
        }
        registry.close();
        clock.close();
    }

    @Test
    void theNodesHeightGoesOutInTheNextHelloAndTheFarStationRecordsIt() throws Exception {
        System.out.println("sim seed " + SEED);
        storeA = MessageStore.open(dir.resolve("a.db"));
        storeB = MessageStore.open(dir.resolve("b.db"));
        a = station("A", storeA, "N0CALL-1", SEED);
        b = station("B", storeB, "N0CALL-2", SEED + 1); // another seed: equal HELLO nonces would look like a loop
        assertTrue(await(() -> peerOf(b) != null), "B heard A's HELLO");
        assertEquals(0, peerOf(b).bestHeight(), "A has no node yet");

        node = JsonLinesTestPeer.start();
        for (int i = 0; i < 42; i++) {
            node.addToChain("{\"index\":" + i + "}");
        }
        attachment = NodeAttachment.forUri("bunker", node.uri());
        attachment.attach(a, storeA); // after the start: it only misses what arrived before, and nothing did
        attachment.start();
        assertTrue(node.awaitReceived("\"GetMempool\"", 1), "the adapter connected; node got " + node.received());
        node.pushChain();
        assertTrue(await(() -> attachment.bestHeight().equals(OptionalLong.of(41))), "height " + attachment.bestHeight());

        assertTrue(await(() -> peerOf(b).bestHeight() == 41), "B recorded A's new HELLO: " + peerOf(b));
        LinkPeer peer = peerOf(b);
        assertEquals("N0CALL-1", peer.callsign());
        assertEquals(LinkPeer.NO_ID, peer.fingerprint());
        assertEquals(0, peerOf(a).bestHeight(), "B has no node: its HELLO carries 0");
    }

    private Station station(String name, MessageStore store, String callsign, long seed) throws Exception {
        Station station = new Station(name, List.of(new StationLinkSpec("radio",
                LinkUri.parse("sim:ax25-9600?channel=height&callsign=" + callsign), true, 0)), registry, store,
                StationExecutor.singleThread(name), Duration.ofHours(1), LocalDelivery.NONE, new SplittableRandom(seed));
        station.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return station;
    }

    private static LinkPeer peerOf(Station station) {
        try {
            Map<String, StationLinkStatus> status = station.status().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return status.get("radio").peer();
        } catch (Exception e) {
            throw new AssertionError("status of " + station.name(), e);
        }
    }

    private static boolean await(BooleanSupplier condition) {
        return JsonLinesTestPeer.await(WAIT, condition);
    }
}
