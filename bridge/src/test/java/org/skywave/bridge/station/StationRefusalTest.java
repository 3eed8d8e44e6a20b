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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.testing.Waits;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageStore;
import org.skywave.transport.LinkUri;
import org.skywave.transport.tcp.TcpTransport;

/**
 * Well-formed messages that break a peer's limits, over real TCP on loopback: past the messages
 * allowed a minute (a flood) and past the re-sends of one message allowed (a replay) they are
 * refused with a REJECT naming the reason, neither delivered nor acknowledged; and a REJECT
 * DUPLICATE from the far station settles a queued message as an ACK would.
 */
class StationRefusalTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final TransportRegistry registry = new TransportRegistry(List.of(new TcpTransport()));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<MessageId> delivered = new CopyOnWriteArrayList<>();
    private MessageStore store;

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        registry.close();
    }

    @Test
    void messagesPastThePerMinuteLimitAreRefusedWithRateLimitedAndNotAcknowledged() throws Exception {
        long seed = seed(0x5EF_0001L);
        int port = Waits.freeLoopbackPort();
        Station station = station(port, false, 5, 8, seed);
        RawTcpPeer peer = rawPeer(port);
        assertInstanceOf(HelloMessage.class, peer.next());

        List<TxMessage> txs = transactions(seed, 7);
        txs.forEach(peer::send);

        Set<MessageId> acknowledged = new HashSet<>();
        RejectMessage reject = null;
        for (int i = 0; i < 20 && (reject == null || acknowledged.size() < 5); i++) {
            Message answer = peer.next();
            if (answer instanceof AckMessage ack) {
                acknowledged.addAll(ack.ids());
            } else if (answer instanceof RejectMessage r) {
                assertEquals(null, reject, "one REJECT: the rest are paced");
                reject = r;
            }
        }
        assertTrue(reject != null, "the sixth message is refused with a REJECT");
        assertEquals(RejectReason.RATE_LIMITED, reject.reason(), reject.toString());
        assertTrue(reject.text().contains("more than 5 messages a minute"), reject.text());
        assertEquals(Optional.of(txs.get(5).id()), reject.rejectedId(), "the REJECT names the refused message");
        assertEquals(OptionalInt.of(MessageKind.TX.code()), reject.rejectedKind(), "and its kind");
        assertEquals(Set.copyOf(ids(txs.subList(0, 5))), acknowledged, "the first five, and only they, are acknowledged");
        untilOrFail(TIMEOUT, () -> delivered.size() == 5, "five delivered");
        untilOrFail(TIMEOUT, () -> result(station.gateStatus()).messagesRefused() == 2, "the sixth and seventh refused");
        assertEquals(ids(txs.subList(0, 5)), delivered, "the refused ones are not delivered");
        assertEquals(0, result(station.gateStatus()).bansImposed(), "one flood (50 points) bans nobody");
        assertTrue(peer.stillOpen(), "and the peer stays connected");
    }

    @Test
    void resendsOfOneMessagePastTheLimitAreRefusedAsDuplicatesNamingIt() throws Exception {
        long seed = seed(0x5EF_0002L);
        int port = Waits.freeLoopbackPort();
        Station station = station(port, false, 0, 2, seed);
        RawTcpPeer peer = rawPeer(port);
        assertInstanceOf(HelloMessage.class, peer.next());

        TxMessage tx = transactions(seed, 1).get(0);
        for (int sends = 1; sends <= 3; sends++) {
            peer.send(tx);
            AckMessage ack = peer.next(AckMessage.class, 0);
            assertEquals(List.of(tx.id()), ack.ids(), "send " + sends + ": the first and two re-sends are acknowledged");
        }
        peer.send(tx);
        RejectMessage reject = peer.next(RejectMessage.class, 0);
        assertEquals(RejectReason.DUPLICATE, reject.reason(), reject.toString());
        assertEquals(Optional.of(tx.id()), reject.rejectedId(), "the REJECT names the message");
        assertEquals(OptionalInt.of(MessageKind.TX.code()), reject.rejectedKind(), "and its kind");
        assertEquals(List.of(tx.id()), delivered, "delivered once");
        assertEquals(1, result(station.gateStatus()).messagesRefused());
    }

    @Test
    void aRejectDuplicateFromTheFarStationSettlesTheQueuedMessage() throws Exception {
        long seed = seed(0x5EF_0003L);
        int port = Waits.freeLoopbackPort();
        // Counted as a radio link, so that a local submission is queued for it.
        Station station = station(port, true, 0, 8, seed);
        RawTcpPeer peer = rawPeer(port);
        assertInstanceOf(HelloMessage.class, peer.next());

        TxMessage tx = transactions(seed, 1).get(0);
        result(station.submit(tx));
        TxMessage sent = peer.next(TxMessage.class, 0);
        assertEquals(tx.id(), sent.id());
        assertEquals(1, depth(), "queued until the far station answers");

        peer.send(new RejectMessage(RejectReason.DUPLICATE, Optional.of(tx.id()), OptionalInt.empty(), "already have it"));
        untilOrFail(TIMEOUT, () -> depth() == 0, "a REJECT DUPLICATE naming it takes it off the queue");
    }

    /** A station with one TCP link whose peers may send {@code perMinute} messages a minute (0: what TCP carries) and {@code replays} re-sends. */
    private Station station(int port, boolean radio, int perMinute, int replays, long seed) throws Exception {
        store = MessageStore.open(dir.resolve("station.db"));
        toClose.add(store);
        StationLinkSpec link = new StationLinkSpec("link", LinkUri.parse("tcp-listen://127.0.0.1:" + port), radio, 0)
                .withPeerLimits(perMinute, replays);
        Station station = new Station("S", List.of(link), registry, store, StationExecutor.singleThread("S"), Duration.ofHours(1),
                (l, message) -> delivered.add(message.id()), new SplittableRandom(seed), null, PeerScores.Limits.defaults());
        toClose.add(station);
        result(station.start());
        return station;
    }

    private long depth() {
        try {
            return store.queue("link").stats().depth();
        } catch (Exception e) {
            throw new AssertionError("cannot read the queue", e);
        }
    }

    private static <T> T result(CompletableFuture<T> future) {
        return Waits.result(future, TIMEOUT);
    }

    private RawTcpPeer rawPeer(int port) throws IOException {
        RawTcpPeer peer = new RawTcpPeer(port, TIMEOUT);
        toClose.add(peer);
        return peer;
    }

    private static List<MessageId> ids(List<TxMessage> txs) {
        return txs.stream().map(TxMessage::id).toList();
    }
}
