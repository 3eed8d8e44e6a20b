package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.radio;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.station.StationTest.transactions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.gate.Gate.DropReason;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.BlockMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.bridge.message.TxMessage;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.MalformedFrameException;

/**
 * The gate and the peer scores inside a station, on the virtual clock: policy drops are counted
 * and still complete the submission; a peer sending garbage is answered with paced REJECTs, then
 * banned and later heard again, while a well-behaved peer on another link is served throughout.
 */
class StationGateTest {

    private static final String AIR = "sim:ax25-1200?channel=air";
    private static final String JUNK = "sim:ax25-1200?channel=junk";
    private static final Duration LIMIT = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void messagesThePolicyRefusesAreNotQueuedButSubmitCompletesAndTheyAreCounted() {
        long seed = seed(0x6a7e_0001L);
        try (SimStations net = new SimStations(dir, seed)) {
            // Two a minute, three per five minutes, transactions only, at most 1000 bytes.
            TestStation a = net.station("A", radio("radio", AIR)).gate(new GateConfig(2, 3, List.of("tx"), 1000, 3)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();

            BlockMessage block = StationTest.block(seed);
            assertEquals(block.id(), a.submit(block));
            assertFalse(a.queued("radio", block.id()), "block is not an allowed kind");
            assertFalse(a.seen(block.id()), "a refused submission is not marked seen: it can be submitted again");

            byte[] big = new byte[1200];
            new SplittableRandom(seed).nextBytes(big);
            TxMessage large = new TxMessage(Network.BITCOIN_REGTEST, big);
            assertEquals(large.id(), a.submit(large));
            assertFalse(a.queued("radio", large.id()), "over rf_max_message_bytes");

            List<TxMessage> txs = transactions(seed, 4);
            txs.forEach(a::submit);
            assertTrue(a.queued("radio", txs.get(0).id()) && a.queued("radio", txs.get(1).id()));
            assertFalse(a.queued("radio", txs.get(2).id()), "third within a minute");
            net.advance(Duration.ofMinutes(1));
            assertFalse(a.seen(txs.get(2).id()), "refused by the transmit limit, so not marked seen");
            a.submit(txs.get(2));
            assertTrue(a.queued("radio", txs.get(2).id()), "submitted again a minute later, when the window has room");

            GateStatus status = a.gateStatus();
            assertEquals(Map.of(DropReason.KIND_NOT_ALLOWED, 1L, DropReason.TOO_LARGE, 1L, DropReason.RATE_LIMITED, 2L), status.drops(),
                    status.toString());

            List<MessageId> sent = List.of(txs.get(0).id(), txs.get(1).id(), txs.get(2).id());
            StationTest.runUntilDelivered(net, a, b, sent);
            net.advance(Duration.ofMinutes(2));
            assertEquals(sent, b.deliveries().ids(), "only what the gate let through went on the air");
        }
    }

    @Test
    void aPeerSendingGarbageGetsPacedRejectsIsBannedAndHeardAgainWhileAnotherPeerIsServed() throws Exception {
        long seed = seed(0x6a7e_0002L);
        MessageCodec codec = new MessageCodec();
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", AIR), radio("junk", JUNK)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();
            RawPeer bad = new RawPeer(net, JUNK + "&callsign=BAD-1");
            net.runUntil("the junk link is up", () -> bad.link.state() == LinkState.UP, Duration.ofSeconds(30), () -> "");

            // A well-formed message of a kind nobody knows: {0: 99}.
            bad.sendMessage(new byte[] {(byte) 0xa1, 0x00, 0x18, 0x63});
            net.runUntil("a REJECT for the unknown kind", () -> !bad.rejects().isEmpty(), Duration.ofSeconds(30), () -> "");
            RejectMessage first = bad.rejects().get(0);
            assertEquals(RejectReason.UNKNOWN_KIND, first.reason());
            assertEquals(OptionalInt.of(99), first.rejectedKind());
            assertEquals(Optional.empty(), first.rejectedId());

            // Garbage: four frames, then nine more; each MALFORMED offence is 10 points, 100 bans.
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 4; i++) {
                bad.sendRaw(garbage(random));
            }
            net.advance(Duration.ofSeconds(5));
            assertEquals(1, bad.rejects().size(), "no second REJECT within " + PeerScores.Limits.DEFAULT_REJECT_INTERVAL);
            net.advance(Duration.ofSeconds(6));
            bad.sendRaw(garbage(random));
            net.runUntil("a second REJECT after the interval", () -> bad.rejects().size() == 2, Duration.ofSeconds(30), () -> "");
            assertEquals(RejectReason.MALFORMED, bad.rejects().get(1).reason());
            assertEquals(0, a.gateStatus().bansImposed());

            for (int i = 0; i < 6; i++) {
                bad.sendRaw(garbage(random));
            }
            net.runUntil("BAD-1 banned", () -> a.gateStatus().bansImposed() == 1, Duration.ofSeconds(60), () -> a.gateStatus().toString());
            int rejectsAtBan = bad.rejects().size();

            // Banned: a valid transaction from it is neither delivered nor acknowledged, and garbage gets no answer.
            TxMessage fromBad = transactions(seed + 7, 1).get(0);
            bad.sendMessage(codec.encode(fromBad));
            for (int i = 0; i < 5; i++) {
                bad.sendRaw(garbage(random));
            }
            // Meanwhile B is served: its transaction reaches A and is acknowledged.
            TxMessage fromB = transactions(seed + 8, 1).get(0);
            b.submit(fromB);
            net.runUntil("B's transaction delivered at A and acknowledged", () -> a.deliveries().contains(fromB.id()) && b.depth("radio") == 0,
                    LIMIT, () -> a + " / " + b);
            net.advance(Duration.ofSeconds(30));
            assertFalse(a.deliveries().contains(fromBad.id()), "nothing from a banned peer is taken");
            assertEquals(rejectsAtBan, bad.rejects().size(), "no REJECTs for a banned peer's frames");
            assertTrue(bad.acks().stream().noneMatch(ids -> ids.contains(fromBad.id())), "not acknowledged");
            assertTrue(a.gateStatus().framesDroppedWhileBanned() >= 6, a.gateStatus().toString());

            // After the ban it is heard again.
            net.advance(PeerScores.Limits.DEFAULT_BAN_TIME);
            bad.sendMessage(codec.encode(fromBad));
            net.runUntil("BAD-1's transaction taken after the ban", () -> a.deliveries().contains(fromBad.id()), Duration.ofMinutes(2),
                    () -> a.toString());
            net.runUntil("and acknowledged", () -> bad.acks().stream().anyMatch(ids -> ids.contains(fromBad.id())), Duration.ofMinutes(1),
                    () -> a.toString());
            bad.link.close();
        }
    }

    /** Bytes that are no Skywave frame: a header byte no fragmenter writes, then noise. */
    private static byte[] garbage(SplittableRandom random) {
        byte[] frame = new byte[40];
        random.nextBytes(frame);
        frame[0] = (byte) 0xff;
        return frame;
    }

    /** The far end of a simulated channel driven by the test: sends what it is told, decodes what comes back. */
    private static final class RawPeer {
        final Link link;
        private final MessageCodec codec = new MessageCodec();
        private final Fragmenter fragmenter;
        private final Reassembler reassembler;
        private final List<Message> received = new ArrayList<>();

        RawPeer(SimStations net, String uri) throws Exception {
            this.link = net.registry().forUri(LinkUri.parse(uri)).open(LinkUri.parse(uri), new LinkListener() {
                @Override
                public void onFrame(InboundFrame frame) {
                    receive(frame);
                }

                @Override
                public void onStateChanged(LinkState state, String detail) {
                }

                @Override
                public void onWritabilityChanged(boolean writable) {
                }
            });
            this.fragmenter = new Fragmenter(link.profile().mtu(), FrameAuthenticator.NONE, true);
            this.reassembler = new Reassembler(ReassemblerLimits.defaults(), FrameAuthenticator.NONE, net.clock()::nanoTime);
        }

        private synchronized void receive(InboundFrame frame) {
            try {
                reassembler.accept(frame.from(), frame.payload()).ifPresent(whole -> {
                    try {
                        received.add(codec.decode(whole));
                    } catch (MalformedFrameException e) {
                        throw new AssertionError("the station sent a malformed message: " + e.getMessage(), e);
                    }
                });
            } catch (MalformedFrameException e) {
                throw new AssertionError("the station sent a malformed frame: " + e.getMessage(), e);
            }
        }

        void sendMessage(byte[] encoded) {
            fragmenter.frames(encoded).forEach(this::sendRaw);
        }

        void sendRaw(byte[] frame) {
            link.broadcast(frame);
        }

        synchronized List<RejectMessage> rejects() {
            return received.stream().filter(RejectMessage.class::isInstance).map(RejectMessage.class::cast).toList();
        }

        synchronized List<List<MessageId>> acks() {
            return received.stream().filter(org.skywave.bridge.message.AckMessage.class::isInstance)
                    .map(m -> ((org.skywave.bridge.message.AckMessage) m).ids()).toList();
        }
    }
}
