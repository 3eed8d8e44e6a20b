package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.radio;
import static org.skywave.bridge.station.StationTest.block;
import static org.skywave.bridge.station.StationTest.ids;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.station.StationTest.transactions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.LinkPolicyConfig;
import org.skywave.bridge.message.BlockMessage;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.TxMessage;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;

/** Each link's own policy in a running station: kinds per profile, refusals in the status, the duty cycle. */
class StationLinkPolicyTest {

    @TempDir
    Path dir;

    @Test
    void aBlockIsKeptOffJs8ButGoesOnVaraAndTheRefusalIsCounted() {
        long seed = seed(0x9011_c1e5L);
        try (SimStations net = new SimStations(dir, seed)) {
            TestStation a = net.station("A",
                    radio("js8", "sim:js8-normal?channel=js8&callsign=N0CALL-1"),
                    radio("vara", "sim:vara-hf-2300?channel=vara&callsign=N0CALL-1")).start();
            BlockMessage block = block(seed);
            TxMessage tx = transactions(seed, 1).get(0);
            a.submit(block);
            a.submit(tx);
            assertFalse(a.queued("js8", block.id()), "no block on a 4.8 bit/s link");
            assertTrue(a.queued("vara", block.id()), "a block goes on VARA");
            assertTrue(a.queued("js8", tx.id()) && a.queued("vara", tx.id()));
            assertEquals(Map.of("kind_not_allowed", 1L), a.status("js8").refusals());
            assertEquals(Map.of(), a.status("vara").refusals());
        }
    }

    @Test
    void aDutyCycleKeepsTheLinksAirtimeUnderItsShare() {
        long seed = seed(0xd07_7c1eL);
        try (SimStations net = new SimStations(dir, seed)) {
            String air = "sim:ax25-1200?channel=air";
            TestStation a = net.station("A", radio("radio", air + "&callsign=N0CALL-1")
                    .withPolicy(new LinkPolicyConfig(null, null, null, null, 10))).start();
            TestStation b = net.station("B", radio("radio", air + "&callsign=N0CALL-2")).start();
            List<TxMessage> txs = transactions(seed, 8);
            txs.forEach(a::submit);
            List<MessageId> ids = ids(txs);
            Duration start = net.elapsed();
            net.runUntil("all delivered", () -> ids.stream().allMatch(b.deliveries()::contains) && a.depth("radio") == 0,
                    Duration.ofHours(2), () -> a + " / " + b);
            Duration took = net.elapsed().minus(start);
            LinkProfile profile = LinkProfiles.AX25_1200;
            double airSeconds = a.status("radio").linkStats().onAirBytes() * 8.0 / profile.bitrate();
            // The bucket lets one full frame go at once, and a message of up to three frames goes whole,
            // its airtime paid after it: the share may exceed 10 % by that much at the end of a run.
            double slackSeconds = 4 * profile.onAirBytes(profile.mtu()) * 8.0 / profile.bitrate();
            double share = (airSeconds - slackSeconds) / (took.toMillis() / 1000.0);
            System.out.printf("StationLinkPolicyTest duty cycle 10%%: %d messages, %.1f s on air in %s, share beyond slack %.3f%n",
                    ids.size(), airSeconds, took, share);
            assertTrue(share <= 0.10, "airtime beyond a burst and the last message is at most 10 % of the time: " + share);
            assertTrue(airSeconds / (took.toMillis() / 1000.0) > 0.08, "and the link uses most of its share");
            for (MessageId id : ids) {
                assertEquals(1, b.deliveries().count(id));
            }
        }
    }
}
