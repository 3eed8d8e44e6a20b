package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.station.StationTest.transactions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.framing.Compressor;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.FrameHeader;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.PingMessage;
import org.skywave.bridge.message.PongMessage;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.testing.Waits;
import org.skywave.transport.LinkUri;
import org.skywave.transport.tcp.TcpTransport;

/**
 * The delivery rules of docs/PROTOCOL.md that an implementer relies on, checked against a station
 * over real TCP on loopback with a peer that sends exactly what the test says: a complete
 * re-send of a fragmented message is acknowledged again, whatever its number; a message over the
 * size limit, a Deflate bomb included, is refused with TOO_LARGE; a REJECT is never answered.
 */
class StationDeliveryRulesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final TransportRegistry registry = new TransportRegistry(List.of(new TcpTransport()));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<MessageId> delivered = new CopyOnWriteArrayList<>();
    private final MessageCodec codec = new MessageCodec();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        registry.close();
    }

    @Test
    void aWholeResendOfAFragmentedMessageIsAcknowledgedAgainUnderTheSameNumberOrANewOne() throws Exception {
        RawTcpPeer peer = peerOfNewStation(seed(0xDE1_0001L));
        TxMessage tx = transactions(seed(0xDE1_0001L), 1).get(0);
        byte[] encoded = codec.encode(tx);
        // A small MTU, so that the message goes in several fragments.
        List<byte[]> first = new Fragmenter(64, FrameAuthenticator.NONE, false, 7).frames(encoded);
        List<byte[]> renumbered = new Fragmenter(64, FrameAuthenticator.NONE, false, 8).frames(encoded);
        for (List<byte[]> sending : List.of(first, first, renumbered)) {
            sending.forEach(peer::send);
            assertEquals(List.of(tx.id()), peer.next(AckMessage.class, 0).ids());
        }
        assertEquals(List.of(tx.id()), delivered, "delivered once");
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedWithTooLargeDeflateBombIncluded() throws Exception {
        RawTcpPeer peer = peerOfNewStation(seed(0xDE1_0002L));
        // 5 MiB of zeros deflate to a few KiB: one small frame that inflates past the 4 MiB limit.
        byte[] bomb = Compressor.standard().compress(new byte[5 << 20]).orElseThrow();
        byte[] header = FrameHeader.unfragmented(true, false).encode();
        byte[] frame = new byte[header.length + bomb.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(bomb, 0, frame, header.length, bomb.length);
        peer.send(frame);
        RejectMessage reject = peer.next(RejectMessage.class, 0);
        assertEquals(RejectReason.TOO_LARGE, reject.reason(), reject.toString());
    }

    @Test
    void aRejectIsNeverAnsweredNotEvenOneWithAnUnknownReason() throws Exception {
        RawTcpPeer peer = peerOfNewStation(seed(0xDE1_0003L));
        // {0: 16 (REJECT), 1: 99}: a reason code this version does not know.
        byte[] unknownReason = HexFormat.of().parseHex("a20010011863");
        new Fragmenter(65_536, FrameAuthenticator.NONE, false).frames(unknownReason).forEach(peer::send);
        peer.send(new RejectMessage(RejectReason.POLICY, Optional.empty(), OptionalInt.of(MessageKind.TX.code()), "no"));
        peer.send(new PingMessage(42));
        // The PONG is the next answer: neither REJECT drew one.
        assertEquals(new PongMessage(42), peer.next());
    }

    private RawTcpPeer peerOfNewStation(long seed) throws Exception {
        int port = Waits.freeLoopbackPort();
        MessageStore store = MessageStore.open(dir.resolve("station.db"));
        toClose.add(store);
        Station station = new Station("S", List.of(new StationLinkSpec("link", LinkUri.parse("tcp-listen://127.0.0.1:" + port), false, 0)),
                registry, store, StationExecutor.singleThread("S"), Duration.ofHours(1),
                (link, message) -> delivered.add(message.id()), new SplittableRandom(seed), null, PeerScores.Limits.defaults());
        toClose.add(station);
        Waits.result(station.start(), TIMEOUT);
        RawTcpPeer peer = new RawTcpPeer(port, TIMEOUT);
        toClose.add(peer);
        assertInstanceOf(HelloMessage.class, peer.next());
        return peer;
    }
}
