package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.internet;
import static org.skywave.bridge.station.SimStations.radio;
import static org.skywave.bridge.station.StationTest.assertDeliveredOnceEach;
import static org.skywave.bridge.station.StationTest.ids;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.station.StationTest.transactions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.link.LinkScheduler;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreFaults;
import org.skywave.bridge.store.StoreHealth;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.sim.SimTransportConfig;

/**
 * Accept-then-persist at a station, and storage faults under it: a station acknowledges a
 * message only once it is durable in its onward queue; while its store refuses writes it keeps
 * running, acknowledges nothing new, and the sender keeps the message and sends it again; once
 * the store works again everything arrives, once, and nothing stored before was lost.
 */
class StationStorageFaultTest {

    private static final Duration LIMIT = Duration.ofHours(2);
    private static final Duration FAULT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    /** How the store fails. */
    enum Fault {
        /** SQLite refuses writes with SQLITE_READONLY. */
        READ_ONLY,
        /** Commits fail, as a failed fsync would. */
        FAILED_COMMIT
    }

    /**
     * S submits on a TCP-like channel to A, which relays onto the radio channel to B. A's ACKs to
     * S are checked at the moment A puts them on the link: each id must already be in A's radio
     * queue (or through it, at B). While A's store fails, S keeps what it sent.
     */
    @Test
    void relayAcknowledgesOnlyWhatIsDurableInItsOnwardQueue() throws Exception {
        long seed = seed(0xacce_9700L);
        AtomicBoolean failCommits = new AtomicBoolean();
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation s = net.station("S", radio("uplink", "sim:tcp?channel=net&callsign=S"));
            TestStation a = net.station("A", (file, options) -> StoreFaults.openWithFailingCommits(file, options, failCommits),
                    internet("internet", "sim:tcp?channel=net&callsign=A"), radio("radio", "sim:ax25-1200?channel=air&callsign=A"));
            TestStation b = net.station("B", radio("radio", "sim:ax25-1200?channel=air&callsign=B"));
            SendWatch acksFromA = new SendWatch(net, "sim:tcp?channel=net&callsign=A",
                    id -> a.queued("radio", id) || b.deliveries().contains(id));
            s.start();
            a.start();
            b.start();
            List<TxMessage> txs = transactions(seed, 10);
            List<TxMessage> stored = txs.subList(0, 5);
            List<TxMessage> refused = txs.subList(5, 10);

            // The radio is down: what A accepts waits in its radio queue.
            net.channel("air").setConnected(false);
            stored.forEach(s::submit);
            net.runUntil("A accepted the first five", () -> s.depth("uplink") == 0, LIMIT, () -> s + " / " + a);
            assertEquals(stored.size(), a.depth("radio"));
            assertEquals(stored.size(), acksFromA.acknowledged().size());

            failCommits.set(true);
            refused.forEach(s::submit);
            net.advance(FAULT);
            assertEquals(StoreHealth.Status.WRITES_FAILING, a.store().health().status());
            assertEquals(refused.size(), s.depth("uplink"), "S keeps what A did not acknowledge");
            assertTrue(s.status("uplink").retransmissions() >= refused.size(), "S sent them again: " + s.status("uplink"));
            assertEquals(stored.size(), acksFromA.acknowledged().size(), "no ACK for what A could not store");
            assertEquals(stored.size(), a.depth("radio"), "what A stored before the fault is still there");
            assertTrue(ids(stored).stream().allMatch(id -> a.queued("radio", id)));
            assertTrue(ids(refused).stream().noneMatch(id -> a.queued("radio", id) || a.seen(id)));
            assertEquals(LinkState.UP, a.status("internet").state(), "A keeps running through the fault");

            failCommits.set(false);
            net.channel("air").setConnected(true);
            net.runUntil("all ten at B, every queue empty",
                    () -> ids(txs).stream().allMatch(b.deliveries()::contains) && s.depth("uplink") == 0 && a.depth("radio") == 0,
                    LIMIT, () -> s + " / " + a + " / " + b);
            net.advance(Duration.ofMinutes(5));

            assertDeliveredOnceEach(b, txs);
            assertTrue(a.store().health().healthy());
            assertEquals(List.of(), acksFromA.violations(), "ACKs sent for messages A had not stored");
            assertTrue(acksFromA.acknowledged().containsAll(ids(txs)));
        }
    }

    /**
     * B's store starts refusing writes while A sends to it. B keeps receiving without ACKing
     * what it cannot store; A keeps those queued; afterwards everything arrives once, and what B
     * had queued onward before the fault is all still there.
     */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void receiverWhoseStoreFailsKeepsRunningAndLosesNothing(Fault fault) throws Exception {
        long seed = seed(0xfa17_0b00L + fault.ordinal());
        AtomicBoolean failCommits = new AtomicBoolean();
        TestStation.StoreOpener opener = fault == Fault.FAILED_COMMIT
                ? (file, options) -> StoreFaults.openWithFailingCommits(file, options, failCommits)
                : TestStation.StoreOpener.PLAIN;
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", "sim:ax25-1200?channel=air&callsign=A"));
            // B's internet side has no peer yet: what B accepts from the air stays in its onward queue.
            TestStation b = net.station("B", opener, radio("radio", "sim:ax25-1200?channel=air&callsign=B"),
                    internet("internet", "sim:tcp?channel=sink"));
            SendWatch acksFromB = new SendWatch(net, "sim:ax25-1200?channel=air&callsign=B", id -> b.queued("internet", id));
            a.start();
            b.start();
            List<TxMessage> txs = transactions(seed, 10);
            List<TxMessage> before = txs.subList(0, 5);
            List<TxMessage> during = txs.subList(5, 10);

            before.forEach(a::submit);
            StationTest.runUntilDelivered(net, a, b, ids(before));
            assertEquals(before.size(), b.depth("internet"));

            setFault(fault, b, failCommits, true);
            during.forEach(a::submit);
            long sentBeforeFault = a.status("radio").messagesSent();
            net.advance(FAULT);

            assertEquals(StoreHealth.Status.WRITES_FAILING, b.store().health().status());
            assertEquals(before.size(), b.deliveries().size(), "nothing delivered that was not stored");
            assertEquals(during.size(), a.depth("radio"), "A keeps what B did not acknowledge");
            assertTrue(a.status("radio").messagesSent() > sentBeforeFault, "A kept trying");
            assertEquals(before.size(), b.depth("internet"), "B's onward queue lost nothing");
            assertTrue(ids(before).stream().allMatch(id -> b.queued("internet", id)));
            assertEquals(LinkState.UP, b.status("radio").state(), "B keeps running");
            assertTrue(b.status("radio").linkStats().framesReceived() > before.size(), "B kept receiving");

            setFault(fault, b, failCommits, false);
            StationTest.runUntilDelivered(net, a, b, ids(txs));
            net.advance(Duration.ofMinutes(5));

            assertDeliveredOnceEach(b, txs);
            assertTrue(b.store().health().healthy());
            assertEquals(txs.size(), b.depth("internet"));
            assertTrue(ids(txs).stream().allMatch(id -> b.queued("internet", id)));
            assertEquals(List.of(), acksFromB.violations(), "ACKs sent for messages B had not stored");
            assertTrue(acksFromB.acknowledged().containsAll(ids(txs)));
        }
    }

    /**
     * A's own store refuses writes while it sends: it can neither record a transmission nor the
     * ACK that removes a message. Nothing may be lost or delivered twice, and the link must not
     * be flooded with one message sent again and again as fast as it airs.
     */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void senderWhoseStoreFailsLosesNothingAndKeepsToItsRetryDelays(Fault fault) throws Exception {
        long seed = seed(0x5e4d_0f00L + fault.ordinal());
        AtomicBoolean failCommits = new AtomicBoolean();
        TestStation.StoreOpener opener = fault == Fault.FAILED_COMMIT
                ? (file, options) -> StoreFaults.openWithFailingCommits(file, options, failCommits)
                : TestStation.StoreOpener.PLAIN;
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", opener, radio("radio", "sim:ax25-1200?channel=air&callsign=A"));
            TestStation b = net.station("B", radio("radio", "sim:ax25-1200?channel=air&callsign=B"));
            SendWatch sendsFromA = new SendWatch(net, "sim:ax25-1200?channel=air&callsign=A", id -> true);
            a.start();
            b.start();
            List<TxMessage> txs = transactions(seed, 10);
            txs.forEach(a::submit);
            net.runUntil("B delivered the first", () -> b.deliveries().size() >= 1, LIMIT, () -> a + " / " + b);

            setFault(fault, a, failCommits, true);
            long sentBefore = a.status("radio").messagesSent();
            Map<MessageId, Integer> sendsBefore = sendsFromA.sends();
            net.advance(FAULT);
            StationLinkStatus during = a.status("radio");
            long sentDuringFault = during.messagesSent() - sentBefore;
            int mostRepeats = sendsFromA.sends().entrySet().stream()
                    .mapToInt(e -> e.getValue() - sendsBefore.getOrDefault(e.getKey(), 0)).max().orElse(0);
            System.out.printf("StationStorageFaultTest %s: A sent %d message(s) in %s of storage fault, one of them %d times%n",
                    fault, sentDuringFault, FAULT, mostRepeats);

            assertEquals(StoreHealth.Status.WRITES_FAILING, a.store().health().status());
            assertEquals(LinkState.UP, during.state(), "A keeps running");
            TxMessage refused = transactions(seed + 1, 1).get(0);
            CompletionException notStored = assertThrows(CompletionException.class, () -> a.submit(refused));
            assertInstanceOf(StoreException.class, notStored.getCause(), "submit fails when storage refuses");
            assertFalse(a.queued("radio", refused.id()));
            assertTrue(ids(txs).stream().allMatch(id -> a.queued("radio", id) || b.deliveries().contains(id)), "nothing lost");
            // Backoff from the link's base delay: a message is sent at most about log2(fault / base) + 1 times in the fault.
            Duration base = LinkScheduler.baseRetryDelay(during.profile());
            long maxPerMessage = 2 + (long) Math.ceil(Math.log((double) FAULT.toNanos() / base.toNanos()) / Math.log(2));
            assertTrue(mostRepeats <= maxPerMessage, "A sent one message " + mostRepeats + " times in " + FAULT
                    + " though its retry delay starts at " + base + " and doubles");

            setFault(fault, a, failCommits, false);
            StationTest.runUntilDelivered(net, a, b, ids(txs));
            net.advance(Duration.ofMinutes(5));
            assertDeliveredOnceEach(b, txs);
            assertEquals(0, a.depth("radio"));
            assertTrue(a.store().health().healthy());
        }
    }

    private static void setFault(Fault fault, TestStation station, AtomicBoolean failCommits, boolean on) throws StoreException {
        switch (fault) {
            case READ_ONLY -> StoreFaults.readOnly(station.store(), on);
            case FAILED_COMMIT -> failCommits.set(on);
        }
    }

    /**
     * Decodes what one station sends on one link: counts each message sent, and checks each ACK
     * at the moment it goes out (every id it names must pass {@code durable}).
     */
    private static final class SendWatch {

        private final Predicate<MessageId> durable;
        private final MessageCodec codec = new MessageCodec();
        private final Reassembler reassembler;
        private final List<MessageId> acknowledged = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        private final Map<MessageId, Integer> sends = new HashMap<>();

        SendWatch(SimStations net, String uri, Predicate<MessageId> durable) {
            this.durable = durable;
            LinkProfile profile = profileOf(uri);
            this.reassembler = new Reassembler(ReassemblerLimits.forProfile(profile), FrameAuthenticator.NONE,
                    net.clock()::nanoTime);
            net.tapSends((from, frame) -> {
                if (from.toString().equals(uri)) {
                    onFrame(frame, net.elapsed());
                }
            });
        }

        private void onFrame(byte[] frame, Duration at) {
            Optional<byte[]> whole;
            Message message;
            try {
                whole = reassembler.accept("sender", frame);
                if (whole.isEmpty()) {
                    return;
                }
                message = codec.decode(whole.get());
            } catch (MalformedFrameException e) { // also the codec's MalformedMessageException
                violations.add("undecodable frame at " + at + ": " + e.getMessage());
                return;
            }
            sends.merge(message.id(), 1, Integer::sum);
            if (message instanceof AckMessage ack) {
                for (MessageId id : ack.ids()) {
                    acknowledged.add(id);
                    if (!durable.test(id)) {
                        violations.add(id.shortHex() + " acknowledged at " + at);
                    }
                }
            }
        }

        List<MessageId> acknowledged() {
            return acknowledged.stream().distinct().toList();
        }

        /** How often each message was sent (a copy). */
        Map<MessageId, Integer> sends() {
            return Map.copyOf(sends);
        }

        List<String> violations() {
            return List.copyOf(violations);
        }

        private static LinkProfile profileOf(String uri) {
            try {
                return SimTransportConfig.from(LinkUri.parse(uri)).profile();
            } catch (LinkUriException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
