package org.skywave.bridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.demo.SampleTransactions;

class AirtimeBenchTest {

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
