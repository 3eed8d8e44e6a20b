package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.testing.Waits.untilOrFail;
import static org.skywave.bridge.station.StationTest.transactions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.testing.Waits;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageStore;
import org.skywave.transport.LinkUri;
import org.skywave.transport.tcp.TcpTransport;

/**
 * A ban over real TCP on loopback: a peer sending garbage to a station's {@code tcp-listen} link
 * gets a REJECT, is disconnected when its score reaches the configured {@code ban_score}, and is
 * refused when it comes back, while another station on another link is served throughout.
 */
class StationBanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Three malformed frames of 10 points each reach it. */
    private static final int BAN_SCORE = 30;
    private static final int BAN_MINUTES = 1;

    @TempDir
    Path dir;

    private final TransportRegistry registry = new TransportRegistry(List.of(new TcpTransport()));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<RawTcpPeer> rawPeers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawTcpPeer peer : rawPeers) {
            peer.close();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        registry.close();
    }

    @Test
    void aTcpPeerSendingGarbageIsRejectedDisconnectedAtTheBanScoreAndRefusedWhileAnotherLinkIsServed() throws Exception {
        long seed = seed(0xBA7_0001L);
        int listenPort = Waits.freeLoopbackPort();
        int goodPort = Waits.freeLoopbackPort();
        List<MessageId> deliveredAtA = new CopyOnWriteArrayList<>();
        MessageStore storeA = open("a.db");
        Station a = new Station("A", List.of(
                new StationLinkSpec("internet", LinkUri.parse("tcp-listen://127.0.0.1:" + listenPort), false, 0),
                new StationLinkSpec("peers", LinkUri.parse("tcp-listen://127.0.0.1:" + goodPort), false, 0)),
                registry, storeA, StationExecutor.singleThread("A"), Duration.ofHours(1),
                (link, message) -> deliveredAtA.add(message.id()), new SplittableRandom(seed),
                GateConfig.defaults().withBans(BAN_SCORE, BAN_MINUTES));
        toClose.add(a);
        result(a.start());
        MessageStore storeB = open("b.db");
        // B's link to A counts as radio at B: the gate sends local submissions to the radio side only.
        Station b = new Station("B", List.of(new StationLinkSpec("a", LinkUri.parse("tcp://127.0.0.1:" + goodPort), true, 0)),
                registry, storeB, StationExecutor.singleThread("B"), Duration.ofHours(1), LocalDelivery.NONE,
                new SplittableRandom(seed + 1));
        toClose.add(b);
        result(b.start());

        RawTcpPeer bad = rawPeer(listenPort);
        assertInstanceOf(HelloMessage.class, bad.next(), "the station introduces itself when the link comes up");
        SplittableRandom random = new SplittableRandom(seed);
        bad.send(garbage(random));
        RejectMessage reject = assertInstanceOf(RejectMessage.class, bad.next(), "garbage is answered");
        assertEquals(RejectReason.MALFORMED, reject.reason(), reject.toString());

        bad.send(garbage(random));
        untilOrFail(TIMEOUT, () -> status(a, "internet").linkStats().malformedFrames() == 2, "the second bad frame counted");
        assertEquals(List.of(), status(a, "internet").bans(), "20 points: not banned yet");
        assertTrue(bad.stillOpen(), "below ban_score the peer stays connected");

        // The third reaches ban_score: the station drops the connection (no REJECT: one per 10 s is the pace).
        bad.send(garbage(random));
        assertEquals(Optional.empty(), bad.untilClosed(), "closed after the third bad frame, with nothing more sent to it");
        List<PeerBan> bans = status(a, "internet").bans();
        assertEquals(1, bans.size(), bans.toString());
        assertEquals("127.0.0.1", bans.get(0).peer(), "banned by address, not by connection");
        assertEquals(BAN_SCORE, bans.get(0).score());
        Instant until = bans.get(0).until();
        Instant now = Instant.now();
        assertTrue(until.isAfter(now.plusSeconds(40)) && !until.isAfter(now.plus(Duration.ofMinutes(BAN_MINUTES))),
                "ban_minutes = " + BAN_MINUTES + " from the ban: until " + until + ", now " + now);
        assertEquals(1, result(a.gateStatus()).bansImposed());
        assertEquals(List.of(), status(a, "peers").bans(), "the other link has no ban");

        // Back from the same address within the ban: closed at once, not even a HELLO.
        RawTcpPeer again = rawPeer(listenPort);
        assertEquals(Optional.empty(), again.untilClosed(), "a reconnect during the ban is refused");
        again.send(new byte[] {1});

        // Meanwhile B, on another link of A (and the same loopback address), is served.
        TxMessage tx = transactions(seed + 2, 1).get(0);
        result(b.submit(tx));
        untilOrFail(TIMEOUT, () -> deliveredAtA.contains(tx.id()), "B's transaction delivered at A during the ban");
        untilOrFail(TIMEOUT, () -> depth(storeB, "a") == 0, "and acknowledged to B");
        assertEquals(List.of(tx.id()), deliveredAtA, "nothing else was delivered");
        assertEquals(1, result(a.gateStatus()).bansImposed(), "one ban");
    }

    /**
     * Twenty connections from one address, each sending one malformed frame (10 points): their
     * points add up on the address, so the tenth reaches ban_score 100 and the address is
     * refused, however many new connections (new ports) it opens.
     */
    @Test
    void connectionsFromOneAddressAddUpToOneBanOfTheAddress() throws Exception {
        long seed = seed(0xBA7_0020L);
        int listenPort = Waits.freeLoopbackPort();
        Station a = new Station("A", List.of(
                new StationLinkSpec("internet", LinkUri.parse("tcp-listen://127.0.0.1:" + listenPort), false, 0)),
                registry, open("a.db"), StationExecutor.singleThread("A"), Duration.ofHours(1), LocalDelivery.NONE,
                new SplittableRandom(seed), GateConfig.defaults().withBans(100, BAN_MINUTES));
        toClose.add(a);
        result(a.start());
        SplittableRandom random = new SplittableRandom(seed);
        int refused = 0;
        for (int i = 1; i <= 20; i++) {
            RawTcpPeer peer = rawPeer(listenPort);
            if (i <= 10) {
                assertInstanceOf(HelloMessage.class, peer.next(), "connection " + i + " is served");
                peer.send(garbage(random));
                int sent = i;
                untilOrFail(TIMEOUT, () -> status(a, "internet").linkStats().malformedFrames() == sent,
                        "bad frame " + sent + " counted");
                if (i < 10) {
                    assertEquals(List.of(), status(a, "internet").bans(), (10 * i) + " points: not banned yet");
                }
            } else {
                assertEquals(Optional.empty(), peer.untilClosed(), "connection " + i + " from the banned address is refused");
                refused++;
            }
            peer.close();
        }
        List<PeerBan> bans = status(a, "internet").bans();
        assertEquals(1, bans.size(), bans.toString());
        assertEquals("127.0.0.1", bans.get(0).peer());
        assertEquals(100, bans.get(0).score());
        assertEquals(10, refused);
        assertEquals(10, status(a, "internet").linkStats().malformedFrames(), "nothing from the banned address was read");
        assertEquals(1, result(a.gateStatus()).bansImposed());
    }

    private static <T> T result(CompletableFuture<T> future) {
        return Waits.result(future, TIMEOUT);
    }

    private RawTcpPeer rawPeer(int port) throws IOException {
        RawTcpPeer peer = new RawTcpPeer(port, TIMEOUT);
        rawPeers.add(peer);
        return peer;
    }

    private MessageStore open(String name) throws Exception {
        MessageStore store = MessageStore.open(dir.resolve(name));
        toClose.add(store);
        return store;
    }

    private static long depth(MessageStore store, String link) {
        try {
            return store.queue(link).stats().depth();
        } catch (Exception e) {
            throw new AssertionError("cannot read the queue " + link, e);
        }
    }

    private static StationLinkStatus status(Station station, String link) {
        return result(station.status()).get(link);
    }


    /** Bytes that are no Skywave frame: a header byte no fragmenter writes, then noise. */
    private static byte[] garbage(SplittableRandom random) {
        byte[] frame = new byte[40];
        random.nextBytes(frame);
        frame[0] = (byte) 0xff;
        return frame;
    }
}
