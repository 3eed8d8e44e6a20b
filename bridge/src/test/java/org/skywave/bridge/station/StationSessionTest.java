package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.radio;
import static org.skywave.bridge.station.StationTest.ids;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.station.StationTest.transactions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.Priority;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.transport.LinkProfile;

/**
 * Sessions opened on demand over the simulated connected mode (a VARA-like modem with its own
 * ARQ), on the virtual clock: a station calls the far station when traffic for it waits, says
 * HELLO per session, sends each message once, and keeps traffic for a station that is off the
 * air until it comes up, without holding back the traffic for the one that is there.
 */
class StationSessionTest {

    private static final String MODEM = "sim:vara-hf-2300?session=on-demand&idle=60&arq=true";
    private static final Duration LIMIT = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void trafficForAStationThatComesUpAnHourLaterArrivesOnceWhileTheOtherGetsItsAtOnce() {
        long seed = seed(0x5e55_1011L);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A",
                    radio("toB", MODEM + "&channel=ab&callsign=N0CALL-1").withPeer("N0CALL-2"),
                    radio("toC", MODEM + "&channel=ac&callsign=N0CALL-1").withPeer("N0CALL-3")).start();
            TestStation b = net.station("B", radio("radio", MODEM + "&channel=ab&callsign=N0CALL-2")).start();
            TestStation c = net.station("C", radio("radio", MODEM + "&channel=ac&callsign=N0CALL-3"));
            List<TxMessage> txs = transactions(seed, 10);
            txs.forEach(a::submit);
            List<MessageId> ids = ids(txs);

            net.runUntil("B has every message and A's queue to B is empty",
                    () -> ids.stream().allMatch(b.deliveries()::contains) && a.depth("toB") == 0, LIMIT, () -> a + " / " + b);
            Duration toB = net.elapsed();
            assertTrue(a.status("toB").peer() != null && a.status("toB").peer().callsign().equals("N0CALL-2"),
                    "HELLO exchanged in the session: " + a.status("toB"));
            assertEquals(txs.size(), a.status("toB").messagesSent(), "each message sent once over the modem's ARQ");
            assertEquals(0, a.status("toB").retransmissions(), "no re-sends on top of the modem's ARQ");

            net.advance(Duration.ofHours(1).minus(net.elapsed()));
            assertEquals(txs.size(), a.depth("toC"), "traffic for C waits in A's queue while C is off the air");
            assertEquals(0, a.status("toC").messagesSent());

            c.start();
            Duration cameUp = net.elapsed();
            net.runUntil("C has every message and A's queue to C is empty",
                    () -> ids.stream().allMatch(c.deliveries()::contains) && a.depth("toC") == 0, LIMIT, () -> a + " / " + c);
            Duration toC = net.elapsed().minus(cameUp);
            net.advance(Duration.ofMinutes(30)); // late duplicates would show up here

            for (TestStation station : List.of(b, c)) {
                for (MessageId id : ids) {
                    assertEquals(1, station.deliveries().count(id), station.name() + " deliveries of " + id.shortHex());
                }
                assertEquals(ids.size(), station.deliveries().size(), station.name() + ": nothing else delivered");
            }
            assertEquals(Set.copyOf(ids), Set.copyOf(c.deliveries().ids()), "nothing lost");
            assertEquals(0, a.status("toC").retransmissions(), "each message to C sent once too");
            System.out.println("StationSessionTest: " + ids.size() + " messages for each of B and C; B had all after " + toB
                    + ", C (up after " + cameUp + ") had all " + toC + " later; delivered B " + b.deliveries().size()
                    + ", C " + c.deliveries().size() + ", duplicates 0, lost 0, A sent toB " + a.status("toB").messagesSent()
                    + " toC " + a.status("toC").messagesSent() + ", re-sent " + (a.status("toB").retransmissions()
                    + a.status("toC").retransmissions()));
        }
    }

    /**
     * Three stations on one simulated connected channel (one net): A's one link names B and C as
     * far stations. Routed traffic is queued once for each; besides, A holds messages addressed
     * to B alone and to C alone. C is off the air for an hour: B gets its traffic at once, C's
     * waits without holding B's back and arrives when C comes up; nothing lost, nothing twice,
     * nothing at the wrong station.
     */
    @Test
    void oneLinkWithTwoFarStationsDeliversEachItsOwnTrafficAndCsWaitsAnHour() throws Exception {
        long seed = seed(0x3_57a7_1045L);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", MODEM + "&channel=net&callsign=N0CALL-1")
                    .withPeers(List.of("N0CALL-2", "N0CALL-3")));
            TestStation b = net.station("B", radio("radio", MODEM + "&channel=net&callsign=N0CALL-2"));
            TestStation c = net.station("C", radio("radio", MODEM + "&channel=net&callsign=N0CALL-3"));
            List<TxMessage> onlyB = transactions(seed + 1, 3);
            List<TxMessage> onlyC = transactions(seed + 2, 3);
            a.start();
            queueFor(a, "N0CALL-2", onlyB);
            queueFor(a, "N0CALL-3", onlyC);
            b.start();
            List<TxMessage> both = transactions(seed, 10);
            both.forEach(a::submit);
            assertEquals(both.size() + onlyB.size(), a.depth("radio", "N0CALL-2"), "one row per message for B");
            assertEquals(both.size() + onlyC.size(), a.depth("radio", "N0CALL-3"), "and one for C");
            assertEquals(0, a.depth("radio", ""), "nothing for whoever happens to be on the link");
            List<MessageId> forB = concat(ids(both), ids(onlyB));
            List<MessageId> forC = concat(ids(both), ids(onlyC));

            net.runUntil("B has its traffic and A's queue for B is empty",
                    () -> forB.stream().allMatch(b.deliveries()::contains) && a.depth("radio", "N0CALL-2") == 0, LIMIT,
                    () -> a + " / " + b);
            Duration toB = net.elapsed();
            net.advance(Duration.ofHours(1).minus(net.elapsed()));
            assertEquals(forC.size(), a.depth("radio", "N0CALL-3"), "C's traffic waits in A's queue while C is off the air");
            assertEquals(a.status("radio").queues(), java.util.Map.of("radio/N0CALL-2", 0L, "radio/N0CALL-3", (long) forC.size()),
                    "/status shows the depth per far station");

            c.start();
            Duration cameUp = net.elapsed();
            net.runUntil("C has its traffic and A's queue for C is empty",
                    () -> forC.stream().allMatch(c.deliveries()::contains) && a.depth("radio", "N0CALL-3") == 0, LIMIT,
                    () -> a + " / " + c);
            Duration toC = net.elapsed().minus(cameUp);
            net.advance(Duration.ofMinutes(30)); // late duplicates would show up here

            assertEquals(Set.copyOf(forB), Set.copyOf(b.deliveries().ids()), "B got all of its own and nothing of C's");
            assertEquals(Set.copyOf(forC), Set.copyOf(c.deliveries().ids()), "C got all of its own and nothing of B's");
            for (TestStation station : List.of(b, c)) {
                for (MessageId id : station.deliveries().ids()) {
                    assertEquals(1, station.deliveries().count(id), station.name() + " deliveries of " + id.shortHex());
                }
            }
            assertEquals(forB.size(), b.deliveries().size());
            assertEquals(forC.size(), c.deliveries().size());
            assertEquals(0, a.depth("radio"), "nothing left queued at A");
            StationLinkStatus status = a.status("radio");
            assertEquals(forB.size() + forC.size(), status.messagesSent(), "each row sent once over the modem's ARQ");
            System.out.println("StationSessionTest one link, two far stations: B " + forB.size() + " messages (" + onlyB.size()
                    + " for B only) all delivered after " + toB + "; C " + forC.size() + " (" + onlyC.size()
                    + " for C only), up after " + cameUp + ", all delivered " + toC + " later; delivered B "
                    + b.deliveries().size() + ", C " + c.deliveries().size() + ", duplicates 0, lost 0, wrong station 0;"
                    + " A sent " + status.messagesSent() + ", re-sent " + status.retransmissions());
        }
    }

    /** Queues {@code txs} at {@code station}'s link "radio" for {@code farStation} only, as if routed there earlier. */
    private static void queueFor(TestStation station, String farStation, List<TxMessage> txs) throws Exception {
        MessageQueue queue = station.queue("radio", farStation);
        java.time.Instant now = station.store().options().clock().instant();
        for (TxMessage tx : txs) {
            assertTrue(queue.offer(QueuedMessage.of(tx.id(), "radio", Priority.TX, MessageCodec.INSTANCE.encode(tx), now,
                    Duration.ofDays(1)).withStation(farStation)));
        }
    }

    private static List<MessageId> concat(List<MessageId> first, List<MessageId> second) {
        List<MessageId> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void aSpeedChangeInTheSessionRefitsTheFramingAndLosesNothing() {
        long seed = seed(0x5bee_d10eL);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", MODEM + "&channel=hf&callsign=N0CALL-1").withPeer("N0CALL-2")).start();
            TestStation b = net.station("B", radio("radio", MODEM + "&channel=hf&callsign=N0CALL-2")).start();
            List<TxMessage> txs = transactions(seed, 12);
            txs.forEach(a::submit);
            List<MessageId> ids = ids(txs);
            net.runUntil("a few delivered", () -> b.deliveries().size() >= 3, LIMIT, () -> a + " / " + b);

            // VARA drops to a lower speed level: 1000 bit/s, and the station frames to 128 bytes from now on.
            LinkProfile slower = net.channel("hf").profile().withBitrate(1000).withMtu(128);
            List<Integer> afterChange = new java.util.concurrent.CopyOnWriteArrayList<>();
            net.advance(Duration.ofSeconds(20)); // what was framed for the old MTU goes out first
            net.tapSends((uri, frame) -> afterChange.add(frame.length));
            net.channel("hf").changeProfile(slower, "speed level 4");
            net.runUntil("all delivered", () -> ids.stream().allMatch(b.deliveries()::contains) && a.depth("radio") == 0,
                    LIMIT, () -> a + " / " + b);

            assertEquals(slower, a.status("radio").profile(), "the status shows the new figures");
            assertTrue(!afterChange.isEmpty() && afterChange.stream().allMatch(n -> n <= 128),
                    "frames after the change fit the new MTU: " + afterChange);
            for (MessageId id : ids) {
                assertEquals(1, b.deliveries().count(id), "deliveries of " + id.shortHex());
            }
        }
    }

    @Test
    void aSessionLostBeforeTheAcksResendsOnlyWhatWasNotAcknowledgedAndNothingArrivesTwice() {
        long seed = seed(0x10_57_5e55L);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A", radio("radio", MODEM + "&channel=hf&callsign=N0CALL-1").withPeer("N0CALL-2")).start();
            TestStation b = net.station("B", radio("radio", MODEM + "&channel=hf&callsign=N0CALL-2")).start();
            List<TxMessage> txs = transactions(seed, 12);
            txs.forEach(a::submit);
            List<MessageId> ids = ids(txs);
            net.runUntil("some delivered", () -> b.deliveries().size() >= 4, LIMIT, () -> a + " / " + b);
            long sentBefore = a.status("radio").messagesSent();
            net.channel("hf").setConnected(false); // the modems lose each other mid-transfer
            net.advance(Duration.ofSeconds(30));
            net.channel("hf").setConnected(true);
            net.runUntil("all delivered and acknowledged", () -> ids.stream().allMatch(b.deliveries()::contains)
                    && a.depth("radio") == 0, LIMIT, () -> a + " / " + b);
            net.advance(Duration.ofMinutes(10));

            for (MessageId id : ids) {
                assertEquals(1, b.deliveries().count(id), "deliveries of " + id.shortHex());
            }
            StationLinkStatus status = a.status("radio");
            assertTrue(status.retransmissions() <= txs.size() - 4,
                    "only messages not acknowledged before the loss go again: " + status.retransmissions());
            System.out.println("StationSessionTest session lost after " + sentBefore + " sends: " + status.messagesSent()
                    + " sent, " + status.retransmissions() + " re-sent, " + b.deliveries().size() + " delivered once each");
        }
    }

    @Test
    void trafficForOneStationIsNotGivenToAnotherThatCalledIn() {
        long seed = seed(0x0_7e11_0e5L);
        try (SimStations net = new SimStations(dir, seed)) {
            // A keeps traffic for N0CALL-3, who is off the air; B (N0CALL-2) calls A with traffic of its own.
            TestStation a = net.station("A", radio("radio", MODEM + "&channel=hf&callsign=N0CALL-1").withPeer("N0CALL-3")).start();
            TestStation b = net.station("B", radio("radio", MODEM + "&channel=hf&callsign=N0CALL-2").withPeer("N0CALL-1")).start();
            List<TxMessage> forC = transactions(seed, 3);
            List<TxMessage> fromB = transactions(seed + 1, 2);
            forC.forEach(a::submit);
            fromB.forEach(b::submit);
            net.runUntil("B's traffic at A", () -> ids(fromB).stream().allMatch(a.deliveries()::contains) && b.depth("radio") == 0,
                    LIMIT, () -> a + " / " + b);
            net.advance(Duration.ofMinutes(5));

            assertEquals(0, b.deliveries().size(), "B got nothing of what A keeps for N0CALL-3");
            assertEquals(forC.size(), a.depth("radio"), "A still keeps it for N0CALL-3");
            assertEquals(0, a.status("radio").messagesSent());
        }
    }
}
