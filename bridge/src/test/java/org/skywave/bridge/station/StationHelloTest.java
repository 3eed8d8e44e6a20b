package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.StationTest.ids;
import static org.skywave.bridge.station.StationTest.runUntilDelivered;
import static org.skywave.bridge.station.StationTest.transactions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.framing.Ed25519FrameAuthenticator;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.HmacFrameAuthenticator;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.identity.StationKey;
import org.skywave.bridge.identity.TrustedPeers;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.bridge.message.TxMessage;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/** The HELLO each station sends when a link comes up, and frames signed or MAC-tagged per link. */
class StationHelloTest {

    private static final String AIR = "sim:ax25-9600?channel=hello";
    private static final Duration LIMIT = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void stationsIntroduceThemselvesWhenTheLinkComesUp() throws Exception {
        StationKey keyA = key(1);
        StationKey keyB = key(2);
        try (SimStations net = new SimStations(dir, 21)) {
            TestStation a = net.station("A", signed("radio", AIR + "&callsign=N0CALL-1", keyA, keyB)).start();
            TestStation b = net.station("B", signed("radio", AIR + "&callsign=N0CALL-2", keyB, keyA)).start();
            net.runUntil("both HELLOs heard", () -> a.status("radio").peer() != null && b.status("radio").peer() != null,
                    Duration.ofMinutes(1), () -> a.status() + " / " + b.status());

            assertEquals(named(keyB.id().fingerprint(), "N0CALL-2", HelloMessage.PROTOCOL_VERSION, 0), named(a.status("radio").peer()));
            assertEquals(named(keyA.id().fingerprint(), "N0CALL-1", HelloMessage.PROTOCOL_VERSION, 0), named(b.status("radio").peer()));
            assertEquals(SimStations.EPOCH, b.status("radio").peer().heardAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                    "heard on B's clock, which starts at the epoch of the simulation");
            assertEquals(0, a.depth("radio"), "a HELLO is never queued");
            assertEquals(0, b.deliveries().size(), "nor delivered");
        }
    }

    @Test
    void aStationWithoutKeyAnnouncesNoId() {
        try (SimStations net = new SimStations(dir, 22)) {
            TestStation a = net.station("A", SimStations.radio("radio", AIR + "&callsign=N0CALL-1")).start();
            TestStation b = net.station("B", SimStations.radio("radio", AIR + "&callsign=N0CALL-2")).start();
            net.runUntil("A's HELLO heard", () -> b.status("radio").peer() != null, Duration.ofMinutes(1), b::toString);

            assertEquals(named(LinkPeer.NO_ID, "N0CALL-1", HelloMessage.PROTOCOL_VERSION, 0), named(b.status("radio").peer()));
            assertNotNull(a.status("radio"));
        }
    }

    @Test
    void signedTransactionsCrossBetweenStationsThatTrustEachOther() {
        StationKey keyA = key(3);
        StationKey keyB = key(4);
        try (SimStations net = new SimStations(dir, 23)) {
            TestStation a = net.station("A", signed("radio", AIR, keyA, keyB)).start();
            TestStation b = net.station("B", signed("radio", AIR, keyB, keyA)).start();
            List<TxMessage> txs = transactions(23, 5);
            txs.forEach(a::submit);

            runUntilDelivered(net, a, b, ids(txs));

            StationTest.assertDeliveredOnceEach(b, txs);
            assertEquals(0, b.status("radio").linkStats().malformedFrames(), "every signed frame verified");
        }
    }

    @Test
    void framesFromAnUntrustedKeyAreDroppedAndStayQueued() {
        StationKey keyA = key(5);
        StationKey keyB = key(6);
        StationKey stranger = key(7);
        try (SimStations net = new SimStations(dir, 24)) {
            TestStation a = net.station("A", signed("radio", AIR, keyA, keyB)).start();
            TestStation b = net.station("B", signed("radio", AIR, keyB, stranger)).start();
            List<TxMessage> txs = transactions(24, 3);
            txs.forEach(a::submit);

            net.runUntil("B counts A's frames as malformed", () -> b.status("radio").linkStats().malformedFrames() >= 3,
                    LIMIT, () -> a + " / " + b);
            net.advance(Duration.ofMinutes(2));

            assertEquals(0, b.deliveries().size(), "nothing from an untrusted key is delivered");
            assertNull(b.status("radio").peer(), "even A's HELLO was dropped");
            assertEquals(txs.size(), a.depth("radio"), "A keeps them queued: nothing was acknowledged");
            assertTrue(txs.stream().noneMatch(tx -> b.seen(tx.id())));
            assertNotNull(a.status("radio").peer(), "B's frames, signed by a key A trusts, still reach A");
        }
    }

    @Test
    void macLinksCarryTransactionsWithTheSameSecretOnly() throws Exception {
        byte[] secret = "a shared secret of 32 bytes.....".getBytes(StandardCharsets.US_ASCII);
        byte[] other = "another secret, also 32 bytes...".getBytes(StandardCharsets.US_ASCII);
        try (SimStations net = new SimStations(dir, 25)) {
            TestStation a = net.station("A", mac("radio", AIR, secret)).start();
            TestStation b = net.station("B", mac("radio", AIR, secret)).start();
            List<TxMessage> txs = transactions(25, 4);
            txs.forEach(a::submit);
            runUntilDelivered(net, a, b, ids(txs));
            StationTest.assertDeliveredOnceEach(b, txs);
        }
        try (SimStations net = new SimStations(Files.createDirectories(dir.resolve("other")), 26)) {
            TestStation a = net.station("A", mac("radio", AIR, secret)).start();
            TestStation b = net.station("B", mac("radio", AIR, other)).start();
            List<TxMessage> txs = transactions(26, 4);
            txs.forEach(a::submit);
            net.runUntil("B counts A's frames as malformed", () -> b.status("radio").linkStats().malformedFrames() >= 4,
                    LIMIT, () -> a + " / " + b);
            net.advance(Duration.ofMinutes(2));

            assertEquals(0, b.deliveries().size(), "nothing crosses with a different secret");
            assertEquals(txs.size(), a.depth("radio"));
            assertNull(a.status("radio").peer());
            assertNull(b.status("radio").peer());
        }
    }

    @Test
    void aNewerVersionIsAcceptedAtOursAndAnUnknownOneRefused() throws Exception {
        try (SimStations net = new SimStations(dir, 27)) {
            TestStation b = net.station("B", SimStations.radio("radio", AIR + "&callsign=N0CALL-2")).start();
            RawPeer peer = new RawPeer(net, AIR + "&callsign=N0CALL-1");
            net.runUntil("B's HELLO", () -> peer.heard(MessageKind.HELLO).isPresent(), Duration.ofMinutes(1), peer.heard::toString);
            HelloMessage fromB = (HelloMessage) peer.heard(MessageKind.HELLO).orElseThrow();
            assertEquals(HelloMessage.PROTOCOL_VERSION, fromB.protocolVersion());
            assertEquals("N0CALL-2", fromB.callsign());

            StationKey peerKey = key(8);
            peer.send(new HelloMessage(HelloMessage.PROTOCOL_VERSION + 6, peerKey.publicKey(), "N0CALL-1", 0, 917_003, 1_750_000_000L, 42));
            net.runUntil("B records the peer", () -> b.status("radio").peer() != null, Duration.ofMinutes(1), b::toString);
            assertEquals(named(peerKey.id().fingerprint(), "N0CALL-1", HelloMessage.PROTOCOL_VERSION, 917_003),
                    named(b.status("radio").peer()), "negotiated down to the version B speaks; its best height recorded");

            peer.send(new HelloMessage(0, new byte[32], "N0CALL-1", 0, 0, 1_750_000_000L, 43));
            net.runUntil("B's REJECT", () -> peer.heard(MessageKind.REJECT).isPresent(), Duration.ofMinutes(1), peer.heard::toString);
            RejectMessage reject = assertInstanceOf(RejectMessage.class, peer.heard(MessageKind.REJECT).orElseThrow());
            assertEquals(RejectReason.POLICY, reject.reason());
            assertTrue(reject.text().contains("version 0") && reject.text().contains(String.valueOf(HelloMessage.PROTOCOL_VERSION)),
                    reject.text());
            assertEquals(HelloMessage.PROTOCOL_VERSION, b.status("radio").peer().protocolVersion(), "the refused HELLO changed nothing");
            peer.close();
        }
    }

    @Test
    void ownHelloComingBackIsNotTakenForAPeer() throws Exception {
        try (SimStations net = new SimStations(dir, 28)) {
            TestStation b = net.station("B", SimStations.radio("radio", AIR + "&callsign=N0CALL-2")).start();
            RawPeer peer = new RawPeer(net, AIR + "&callsign=N0CALL-1");
            net.runUntil("B's HELLO", () -> peer.heard(MessageKind.HELLO).isPresent(), Duration.ofMinutes(1), peer.heard::toString);

            peer.send(peer.heard(MessageKind.HELLO).orElseThrow()); // as a link that loops back would
            net.advance(Duration.ofSeconds(30));

            assertNull(b.status("radio").peer(), "a HELLO with B's own nonce names no peer");
            assertFalse(peer.heard(MessageKind.REJECT).isPresent());
            peer.close();
        }
    }

    @Test
    void helloCarriesTheHighestBestHeightOfTheNodesAndIsSentAgainWhenItChanges() throws Exception {
        try (SimStations net = new SimStations(dir, 29)) {
            TestStation a = net.station("A", SimStations.radio("radio", AIR + "&callsign=N0CALL-1")).start();
            AtomicReference<OptionalLong> bitcoin = new AtomicReference<>(OptionalLong.of(840_000));
            a.station().reportBestHeightOf(() -> OptionalLong.empty()); // a node that knows no height yet
            a.station().reportBestHeightOf(bitcoin::get);
            a.station().reportBestHeightOf(() -> OptionalLong.of(1_234));
            RawPeer peer = new RawPeer(net, AIR + "&callsign=N0CALL-2");
            net.runUntil("A's HELLO", () -> peer.heard(MessageKind.HELLO).isPresent(), Duration.ofMinutes(1), peer.heard::toString);
            assertEquals(List.of(840_000L), helloHeights(peer), "the highest of the nodes' heights");

            bitcoin.set(OptionalLong.of(840_001));
            net.advance(Duration.ofMinutes(9));
            assertEquals(List.of(840_000L), helloHeights(peer), "not again within 10 minutes of the last HELLO");
            net.runUntil("A's second HELLO", () -> helloHeights(peer).size() == 2, Duration.ofMinutes(2), peer.heard::toString);
            assertEquals(List.of(840_000L, 840_001L), helloHeights(peer));
            assertTrue(net.elapsed().compareTo(StationLink.HELLO_REFRESH_INTERVAL) >= 0, "at " + net.elapsed());

            net.advance(Duration.ofMinutes(30));
            assertEquals(2, helloHeights(peer).size(), "an unchanged height is not announced again");
            peer.close();
        }
    }

    @Test
    void theFirstHeightANodeLearnsGoesOutAtOnceAndTheFarStationRecordsIt() {
        try (SimStations net = new SimStations(dir, 30)) {
            TestStation a = net.station("A", SimStations.radio("radio", AIR + "&callsign=N0CALL-1")).start();
            AtomicReference<OptionalLong> node = new AtomicReference<>(OptionalLong.empty());
            a.station().reportBestHeightOf(node::get);
            TestStation b = net.station("B", SimStations.radio("radio", AIR + "&callsign=N0CALL-2")).start();
            net.runUntil("B hears A's HELLO", () -> b.status("radio").peer() != null, Duration.ofMinutes(1), b::toString);
            assertEquals(0, b.status("radio").peer().bestHeight(), "no node knew a height when the link came up");
            Instant firstHeard = b.status("radio").peer().heardAt();

            net.advance(Duration.ofSeconds(5));
            node.set(OptionalLong.of(117));
            net.runUntil("B records A's height", () -> b.status("radio").peer().bestHeight() == 117, Duration.ofSeconds(5),
                    b::toString);
            assertTrue(b.status("radio").peer().heardAt().isAfter(firstHeard), "a new HELLO, heard later");
            assertEquals(0, a.status("radio").peer().bestHeight(), "B has no node: its HELLO says 0");
        }
    }

    @Test
    void aNodeWhoseHeightCannotBeReadIsSkippedAndTheTimersGoOn() throws Exception {
        try (SimStations net = new SimStations(dir, 32)) {
            TestStation a = net.station("A", SimStations.radio("radio", AIR + "&callsign=N0CALL-1")).start();
            a.station().reportBestHeightOf(() -> {
                throw new IllegalStateException("adapter fault");
            });
            AtomicReference<OptionalLong> node = new AtomicReference<>(OptionalLong.of(9));
            a.station().reportBestHeightOf(node::get);
            RawPeer peer = new RawPeer(net, AIR + "&callsign=N0CALL-2");
            net.runUntil("A's HELLO", () -> peer.heard(MessageKind.HELLO).isPresent(), Duration.ofMinutes(1), peer.heard::toString);
            node.set(OptionalLong.of(10));
            net.runUntil("A's next HELLO", () -> helloHeights(peer).size() == 2, Duration.ofMinutes(11), peer.heard::toString);
            assertEquals(List.of(9L, 10L), helloHeights(peer), "the faulty node is left out, the timer still runs");
            peer.close();
        }
    }

    @Test
    void aStationWithoutNodesSaysHelloOnceWithHeightZero() throws Exception {
        try (SimStations net = new SimStations(dir, 31)) {
            net.station("A", SimStations.radio("radio", AIR + "&callsign=N0CALL-1")).start();
            RawPeer peer = new RawPeer(net, AIR + "&callsign=N0CALL-2");
            net.runUntil("A's HELLO", () -> peer.heard(MessageKind.HELLO).isPresent(), Duration.ofMinutes(1), peer.heard::toString);
            net.advance(Duration.ofMinutes(30));
            assertEquals(List.of(0L), helloHeights(peer));
            peer.close();
        }
    }

    /** The best heights of the HELLOs {@code peer} heard, in order. */
    private static List<Long> helloHeights(RawPeer peer) {
        return peer.heard.stream().filter(HelloMessage.class::isInstance).map(m -> ((HelloMessage) m).bestHeight()).toList();
    }

    /** A peer as its HELLO named it, leaving out when it was heard. */
    private static List<Object> named(String fingerprint, String callsign, int protocolVersion, long bestHeight) {
        return List.of(fingerprint, callsign, protocolVersion, bestHeight);
    }

    private static List<Object> named(LinkPeer peer) {
        return peer == null ? null : named(peer.fingerprint(), peer.callsign(), peer.protocolVersion(), peer.bestHeight());
    }

    private static StationLinkSpec signed(String name, String uri, StationKey own, StationKey trusted) {
        return new StationLinkSpec(name, uri(uri), true, 0, new Ed25519FrameAuthenticator(own, TrustedPeers.of(trusted.id())));
    }

    private static StationLinkSpec mac(String name, String uri, byte[] secret) {
        return new StationLinkSpec(name, uri(uri), true, 0, new HmacFrameAuthenticator(secret, 8));
    }

    private static LinkUri uri(String text) {
        try {
            return LinkUri.parse(text);
        } catch (LinkUriException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static StationKey key(long seed) {
        byte[] seedBytes = new byte[StationKey.SEED_BYTES];
        new SplittableRandom(seed).nextBytes(seedBytes);
        return StationKey.fromSeed(seedBytes);
    }

    /** The other end of B's channel, without a station: sends what a test gives it and keeps what it hears. */
    private static final class RawPeer implements AutoCloseable {

        final List<Message> heard = new CopyOnWriteArrayList<>();
        private final Link link;

        RawPeer(SimStations net, String uri) throws Exception {
            Reassembler reassembler = new Reassembler(ReassemblerLimits.defaults(), FrameAuthenticator.NONE, net.clock()::nanoTime);
            LinkUri parsed = LinkUri.parse(uri);
            this.link = net.registry().forUri(parsed).open(parsed, new LinkListener() {
                @Override
                public void onFrame(InboundFrame frame) {
                    try {
                        reassembler.accept(frame.from(), frame.payload()).ifPresent(whole -> heard.add(decode(whole)));
                    } catch (Exception e) {
                        throw new AssertionError("station B sent something undecodable", e);
                    }
                }
            });
        }

        private static Message decode(byte[] whole) {
            try {
                return MessageCodec.INSTANCE.decode(whole);
            } catch (Exception e) {
                throw new AssertionError("station B sent something undecodable", e);
            }
        }

        Optional<Message> heard(MessageKind kind) {
            return heard.stream().filter(m -> m.kind() == kind).reduce((first, last) -> last);
        }

        void send(Message message) {
            for (byte[] frame : new Fragmenter(link.profile().mtu(), FrameAuthenticator.NONE, true).frames(MessageCodec.INSTANCE.encode(message))) {
                link.broadcast(frame);
            }
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
