package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.internet;
import static org.skywave.bridge.station.SimStations.radio;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.station.StationTest.transactions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.FrameHeader;
import org.skywave.bridge.framing.ReassembledMessage;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.gate.Gate.DropReason;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreFaults;
import org.skywave.transport.LinkUri;
import org.skywave.transport.MalformedFrameException;

/**
 * Relaying from one radio link to another on the virtual clock: a message crosses a chain of
 * stations with its hop count rising by one per radio-to-radio relay, written in its frames; a
 * station stops relaying where one more hop would pass its {@code hop_limit}; and in a ring of
 * stations that forget what they have seen, the hop limit alone bounds how often a message is
 * sent.
 */
class StationRelayTest {

    /** Far more than any run here needs; a run that hits it has stalled. */
    private static final Duration LIMIT = Duration.ofHours(1);

    @TempDir
    Path dir;

    private static String air(String channel, String callsign) {
        return "sim:ax25-1200?channel=" + channel + "&callsign=" + callsign;
    }

    private static GateConfig hopLimit(int limit) {
        return new GateConfig(30, 100, List.of("tx", "headers"), 2048, limit);
    }

    @Test
    void aTransactionCrossesAChainOfTwoRadioLinksArrivingWithHopCountOne() {
        long seed = seed(0x4095_0001L);
        try (SimStations net = new SimStations(dir, seed)) {
            AirLog air = new AirLog(net);
            TestStation a = net.station("A", radio("radio", air("r1", "A"))).start();
            TestStation b = net.station("B", radio("r1", air("r1", "B")), radio("r2", air("r2", "B"))).gate(hopLimit(3)).start();
            TestStation c = net.station("C", radio("radio", air("r2", "C"))).start();
            TxMessage tx = transactions(seed, 1).get(0);
            a.submit(tx);

            net.runUntil("the transaction delivered at C and acknowledged all the way",
                    () -> c.deliveries().contains(tx.id()) && a.depth("radio") == 0 && b.depth("r2") == 0, LIMIT,
                    () -> a + " / " + b + " / " + c);
            net.advance(Duration.ofMinutes(5)); // anything sent back or again would show up here

            List<Sent> sent = air.sent(tx.id());
            assertEquals(List.of(new Sent("A", "r1", 0), new Sent("B", "r2", 1)), sent.stream().map(Sent::withoutFrame).toList(),
                    "A sends it unrelayed; B relays it once, onto r2 only, never back onto r1");
            byte[] relayed = sent.get(1).frame();
            assertEquals(FrameHeader.FLAG_HOPS, relayed[0] & FrameHeader.FLAG_HOPS, "the frame on r2 has the HOPS flag");
            assertEquals(1, relayed[1], "and hop count 1 after the flags byte");
            assertEquals(0, sent.get(0).frame()[0] & FrameHeader.FLAG_HOPS, "A's frame spends no byte on a hop count of 0");
            assertEquals(1, c.deliveries().count(tx.id()));
            assertEquals(1, b.deliveries().count(tx.id()), "B takes it too");
            assertEquals(Map.of(), b.gateStatus().drops());
            assertEquals(0, c.depth("radio"), "C has no other link to relay to");
        }
    }

    @Test
    void aRelayQueuesTheRowWithTheHopCountItArrivedWithPlusOne() throws StoreException {
        long seed = seed(0x4095_0002L);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", air("r1", "A"))).start();
            // B's second radio link has nobody at the far end: what B queues there stays.
            TestStation b = net.station("B", radio("r1", air("r1", "B")), radio("r2", air("r2", "B")),
                    internet("net", "sim:tcp?channel=net&callsign=B")).gate(hopLimit(3)).start();
            TxMessage tx = transactions(seed, 1).get(0);
            a.submit(tx);
            net.runUntil("B has the transaction", () -> b.deliveries().contains(tx.id()) && a.depth("radio") == 0, LIMIT,
                    () -> a + " / " + b);
            assertEquals(List.of(1), b.queue("r2").peek(10).stream().map(m -> m.hops()).toList(),
                    "queued for the other radio link with hop count 0 + 1");
            assertEquals(List.of(0), b.queue("net").peek(10).stream().map(m -> m.hops()).toList(),
                    "to the internet with the count it arrived with");
            assertFalse(b.queued("r1", tx.id()), "never back onto the link it came on");
        }
    }

    @Test
    void withHopLimitZeroTheMiddleStationRelaysNothingAndCountsTheDrop() {
        long seed = seed(0x4095_0003L);
        try (SimStations net = new SimStations(dir, seed)) {
            AirLog air = new AirLog(net);
            TestStation a = net.station("A", radio("radio", air("r1", "A"))).start();
            TestStation b = net.station("B", radio("r1", air("r1", "B")), radio("r2", air("r2", "B"))).gate(hopLimit(0)).start();
            TestStation c = net.station("C", radio("radio", air("r2", "C"))).start();
            TxMessage tx = transactions(seed, 1).get(0);
            a.submit(tx);

            net.runUntil("the transaction delivered at B and acknowledged", () -> b.deliveries().contains(tx.id()) && a.depth("radio") == 0,
                    LIMIT, () -> a + " / " + b);
            net.advance(Duration.ofMinutes(10));

            assertFalse(c.deliveries().contains(tx.id()), "not relayed to C");
            assertFalse(b.queued("r2", tx.id()));
            assertEquals(List.of(new Sent("A", "r1", 0)), air.sent(tx.id()).stream().map(Sent::withoutFrame).toList());
            assertEquals(Map.of(DropReason.HOP_LIMIT, 1L), b.gateStatus().drops());
            assertEquals(1L, b.gateStatus().drops(DropReason.HOP_LIMIT));
        }
    }

    @Test
    void theHopCountCarriedInTheFramesStopsTheSecondRelayWhenTheLimitIsOne() {
        long seed = seed(0x4095_0004L);
        try (SimStations net = new SimStations(dir, seed)) {
            AirLog air = new AirLog(net);
            TestStation a = net.station("A", radio("radio", air("r1", "A"))).start();
            TestStation b = net.station("B", radio("r1", air("r1", "B")), radio("r2", air("r2", "B"))).gate(hopLimit(1)).start();
            TestStation c = net.station("C", radio("r2", air("r2", "C")), radio("r3", air("r3", "C"))).gate(hopLimit(1)).start();
            TestStation d = net.station("D", radio("radio", air("r3", "D"))).start();
            TxMessage tx = transactions(seed, 1).get(0);
            a.submit(tx);

            net.runUntil("the transaction at C and acknowledged to B", () -> c.deliveries().contains(tx.id()) && b.depth("r2") == 0,
                    LIMIT, () -> a + " / " + b + " / " + c);
            net.advance(Duration.ofMinutes(10));

            assertEquals(List.of(new Sent("A", "r1", 0), new Sent("B", "r2", 1)), air.sent(tx.id()).stream().map(Sent::withoutFrame).toList());
            assertFalse(d.deliveries().contains(tx.id()), "C, with hop_limit 1, does not relay a message that arrived with hop count 1");
            assertEquals(Map.of(), b.gateStatus().drops());
            assertEquals(Map.of(DropReason.HOP_LIMIT, 1L), c.gateStatus().drops());
        }
    }

    /**
     * Three stations in a ring of radio links (A —ab— B —bc— C —ca— A) that forget every id they
     * have seen as soon as they have taken it. Without the hop count the transaction would go round
     * for ever; with it, each of the L + 1 hop counts 0..L is sent twice (once each way round) and
     * the two arrivals at hop count L are dropped.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void inARingOfForgetfulStationsTheHopLimitAloneBoundsTheTransmissions(int limit) throws StoreException {
        long seed = seed(0x4095_0100L + limit);
        try (SimStations net = new SimStations(dir, seed)) {
            AirLog air = new AirLog(net);
            TestStation a = net.station("A", radio("ab", air("ab", "A")), radio("ca", air("ca", "A"))).gate(hopLimit(limit)).start();
            TestStation b = net.station("B", radio("ab", air("ab", "B")), radio("bc", air("bc", "B"))).gate(hopLimit(limit)).start();
            TestStation c = net.station("C", radio("bc", air("bc", "C")), radio("ca", air("ca", "C"))).gate(hopLimit(limit)).start();
            List<TestStation> ring = List.of(a, b, c);
            Map<TestStation, List<String>> links = Map.of(a, List.of("ab", "ca"), b, List.of("ab", "bc"), c, List.of("bc", "ca"));
            TxMessage tx = transactions(seed, 1).get(0);
            a.submit(tx);

            int expected = 2 * (limit + 1);
            BooleanSupplier settled = () -> air.sent(tx.id()).size() >= expected
                    && links.entrySet().stream().allMatch(e -> e.getValue().stream().allMatch(link -> e.getKey().depth(link) == 0));
            assertTrue(runForgetting(net, ring, LIMIT, settled),
                    "every queue empty after " + expected + " transmissions within " + LIMIT + "; " + ring + "; sent " + air.sent(tx.id()));
            // Every queue empty means every send was acknowledged, so taken: nothing is left in flight. Check anyway.
            runForgetting(net, ring, Duration.ofMinutes(2), () -> false);

            List<Sent> sent = air.sent(tx.id());
            assertEquals(expected, sent.size(), "transmissions of the transaction: " + sent);
            Map<Integer, Integer> perHopCount = new HashMap<>();
            for (Sent s : sent) {
                perHopCount.merge(s.hops(), 1, Integer::sum);
                assertEquals(s.hops() > 0 ? FrameHeader.FLAG_HOPS : 0, s.frame()[0] & FrameHeader.FLAG_HOPS,
                        "HOPS flag on relayed frames only: " + s);
            }
            Map<Integer, Integer> twiceEach = new HashMap<>();
            for (int h = 0; h <= limit; h++) {
                twiceEach.put(h, 2);
            }
            assertEquals(twiceEach, perHopCount, "hop counts 0.." + limit + ", each sent once each way round");
            long dropped = ring.stream().mapToLong(s -> s.gateStatus().drops(DropReason.HOP_LIMIT)).sum();
            assertEquals(2, dropped, "the two arrivals at hop count " + limit + " are dropped");
            assertTrue(ring.stream().allMatch(s -> s.gateStatus().drops().keySet().equals(Set.of(DropReason.HOP_LIMIT))
                    || s.gateStatus().drops().isEmpty()), "no other drop reason");
            if (limit > 0) {
                assertTrue(b.deliveries().count(tx.id()) >= 2, "B took it more than once: its seen-set did not stop it");
            }
        }
    }

    /**
     * Moves time in steps for at most {@code duration}, emptying the seen-set of every station
     * before each step, so that only the hop count can end a loop; true once {@code stopWhen} holds.
     */
    private static boolean runForgetting(SimStations net, List<TestStation> stations, Duration duration,
            BooleanSupplier stopWhen) throws StoreException {
        long steps = duration.toNanos() / SimStations.STEP.toNanos();
        for (long i = 0; i < steps; i++) {
            if (stopWhen.getAsBoolean()) {
                return true;
            }
            for (TestStation station : stations) {
                StoreFaults.forgetSeen(station.store());
            }
            net.advance(SimStations.STEP);
        }
        return stopWhen.getAsBoolean();
    }

    /**
     * One message put on the air: by whom (the sending link's callsign), on which channel, with
     * which hop count, and the frame that completed it.
     */
    record Sent(String by, String channel, int hops, byte[] frame) {
        Sent(String by, String channel, int hops) {
            this(by, channel, hops, new byte[0]);
        }

        Sent withoutFrame() {
            return new Sent(by, channel, hops);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sent s && by.equals(s.by) && channel.equals(s.channel) && hops == s.hops
                    && java.util.Arrays.equals(frame, s.frame);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(by, channel, hops, java.util.Arrays.hashCode(frame));
        }

        @Override
        public String toString() {
            return by + "->" + channel + "@" + hops;
        }
    }

    /** Every message any station puts on the air, reassembled from the frames as a listener on each channel would. */
    private static final class AirLog {
        private final MessageCodec codec = new MessageCodec();
        private final Map<String, Reassembler> reassemblers = new HashMap<>();
        private final Map<MessageId, List<Sent>> sent = new HashMap<>();
        private final Set<String> errors = new TreeSet<>();
        private final SimStations net;

        AirLog(SimStations net) {
            this.net = net;
            net.tapSends(this::frame);
        }

        private synchronized void frame(LinkUri uri, byte[] frame) {
            Reassembler reassembler = reassemblers.computeIfAbsent(uri.toString(),
                    u -> new Reassembler(ReassemblerLimits.defaults(), FrameAuthenticator.NONE, net.clock()::nanoTime));
            try {
                var whole = reassembler.reassemble("sender", frame);
                if (whole.isPresent()) {
                    ReassembledMessage reassembled = whole.get();
                    Message message = codec.decode(reassembled.message());
                    sent.computeIfAbsent(message.id(), id -> new ArrayList<>()).add(new Sent(uri.params().get("callsign"),
                            uri.params().get("channel"), reassembled.hops(), frame));
                }
            } catch (MalformedFrameException e) {
                errors.add(uri + ": " + e.getMessage());
            }
        }

        synchronized List<Sent> sent(MessageId id) {
            assertTrue(errors.isEmpty(), "a station sent a malformed frame: " + errors);
            return List.copyOf(sent.getOrDefault(id, List.of()));
        }
    }
}
