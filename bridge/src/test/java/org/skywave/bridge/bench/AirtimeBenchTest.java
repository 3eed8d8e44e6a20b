package org.skywave.bridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.demo.DemoTransactions;
import org.skywave.bridge.demo.SampleTransactions;

class AirtimeBenchTest {

    /**
     * The demo's 20 transactions ({@code --seed 1}, 7,720 wire bytes, not compressed) over the real
     * Direwolf pair at 1200 bit/s (docs/direwolf.md), before transmissions were modelled: 74.0 s.
     */
    static final double DIREWOLF_PAIR_SECONDS = 74.0;

    private final AirtimeBench bench = new AirtimeBench(new SampleTransactions(4).next(6));

    @Test
    void compactTransactionsCrossTheLinkInFewerOnAirBytes() throws Exception {
        AirtimeBench.Profile ax25 = AirtimeBench.standardProfiles().get(1);
        assertEquals("ax25-1200", ax25.label());
        AirtimeBench.Result wire = bench.run(ax25, false, 4, Duration.ofHours(1));
        AirtimeBench.Result compact = bench.run(ax25, true, 4, Duration.ofHours(1));
        assertEquals(6, wire.delivered());
        assertEquals(6, compact.delivered());
        assertEquals(wire.txBytes(), compact.txBytes(), "the same transactions, counted in wire bytes");
        assertTrue(compact.onAirBytes() < wire.onAirBytes(), compact.onAirBytes() + " < " + wire.onAirBytes());
        assertTrue(wire.shareOfCeiling() > wire.shareOfLinkRate(), "the ceiling is below the link rate");
        assertTrue(wire.seconds() > wire.ceilingSeconds(), "nothing beats the physical ceiling in wire form");
    }

    @Test
    void theSimulatedAx25LinkTakesWithinTenPercentOfTheRealDirewolfPair() throws Exception {
        DemoTransactions generator = new DemoTransactions(new SplittableRandom(1).split()); // as the demo draws them
        List<byte[]> txs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            txs.add(generator.next());
        }
        AirtimeBench.Result r = new AirtimeBench(txs).run(AirtimeBench.standardProfiles().get(1), false, 1, Duration.ofHours(1));
        assertEquals(20, r.delivered());
        assertEquals(7720, r.txBytes(), "the demo's transactions");
        assertEquals(DIREWOLF_PAIR_SECONDS, r.seconds(), DIREWOLF_PAIR_SECONDS * 0.10,
                "simulated " + r.seconds() + " s against the pair's " + DIREWOLF_PAIR_SECONDS + " s");
    }

    @Test
    void aRunThatCannotFinishStopsAtItsLimit() throws Exception {
        AirtimeBench.Profile js8 = AirtimeBench.standardProfiles().get(4);
        AirtimeBench.Result r = bench.run(js8, true, 4, Duration.ofMinutes(1));
        assertTrue(r.delivered() < r.count());
        assertEquals(60.0, r.seconds(), 0.1);
    }

    @Test
    void encodingsRankAsTheirDesignsSay() throws Exception {
        AirtimeBench.EncodingSizes e = bench.encodingSizes();
        assertTrue(e.skywaveCompact() < e.skywave(), e.toString());
        assertTrue(e.skywave() < e.bitcoinWire(), "CBOR adds less than Bitcoin's 24-byte header: " + e);
        assertTrue(e.bitcoinWire() * 2 < e.jsonLines(), "hex JSON more than doubles: " + e);
    }
}
