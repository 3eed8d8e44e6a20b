package org.skywave.bridge.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.gate.Gate.DropReason;
import org.skywave.bridge.gate.Gate.Side;
import org.skywave.bridge.message.BlockMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.PingMessage;
import org.skywave.bridge.message.TxMessage;

/** The gate's decisions per direction, each drop reason, and the transmit windows on a virtual clock. */
class GateTest {

    private static final Set<Side> BOTH = EnumSet.of(Side.INTERNET, Side.RADIO);
    private static final Set<Side> RADIO_ONLY = EnumSet.of(Side.RADIO);
    private static final Set<Side> NONE = EnumSet.noneOf(Side.class);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private int serial;

    private Gate gate(int perMinute, int perFive, List<String> kinds, int maxBytes) {
        return gate(perMinute, perFive, kinds, maxBytes, 3);
    }

    private Gate gate(int perMinute, int perFive, List<String> kinds, int maxBytes, int hopLimit) {
        return new Gate(new GateConfig(perMinute, perFive, kinds, maxBytes, hopLimit), now::get);
    }

    private TxMessage tx() {
        byte[] raw = new byte[100];
        raw[0] = (byte) serial;
        raw[1] = (byte) (serial++ >> 8);
        return new TxMessage(Network.BITCOIN_REGTEST, raw);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void internetAndLocalGoToRadioOnlyWhenPolicyAllows() {
        Gate gate = gate(30, 100, List.of("tx"), 2048);
        assertEquals(RADIO_ONLY, gate.destinations(Side.INTERNET, tx(), 150, BOTH));
        assertEquals(RADIO_ONLY, gate.destinations(Side.LOCAL, tx(), 150, BOTH));
        assertEquals(NONE, gate.destinations(Side.INTERNET, tx(), 150, EnumSet.of(Side.INTERNET)),
                "internet to internet is not the gate's business");
        assertEquals(Map.of(), gate.drops());
    }

    @Test
    void radioGoesToInternetWhateverTheRadioPolicy() {
        Gate gate = gate(0, 0, List.of(), 1);
        BlockMessage block = new BlockMessage(Network.BITCOIN_REGTEST, new byte[5000]);
        assertEquals(EnumSet.of(Side.INTERNET), gate.destinations(Side.RADIO, block, 5010, 7, EnumSet.of(Side.INTERNET)),
                "RF-to-internet ignores the RF limits and the hop count");
        assertEquals(Map.of(), gate.drops(), "no other radio link, nothing dropped");
    }

    @Test
    void radioIsRelayedToOtherRadioLinksWhileOneMoreHopStaysWithinTheLimit() {
        Gate gate = gate(30, 100, List.of("tx"), 2048, 3);
        assertEquals(3, gate.hopLimit());
        for (int hops = 0; hops < 3; hops++) {
            assertEquals(BOTH, gate.destinations(Side.RADIO, tx(), 150, hops, BOTH), "hop count " + hops);
            assertEquals(RADIO_ONLY, gate.destinations(Side.RADIO, tx(), 150, hops, RADIO_ONLY), "hop count " + hops);
        }
        assertEquals(Map.of(), gate.drops());
        assertEquals(EnumSet.of(Side.INTERNET), gate.destinations(Side.RADIO, tx(), 150, 3, BOTH), "3 + 1 > 3");
        assertEquals(NONE, gate.destinations(Side.RADIO, tx(), 150, 255, RADIO_ONLY));
        assertEquals(Map.of(DropReason.HOP_LIMIT, 2L), gate.drops());
    }

    @Test
    void hopLimitZeroRelaysNothingBetweenRadioLinks() {
        Gate gate = gate(30, 100, List.of("tx"), 2048, 0);
        assertEquals(EnumSet.of(Side.INTERNET), gate.destinations(Side.RADIO, tx(), 150, 0, BOTH));
        assertEquals(NONE, gate.destinations(Side.RADIO, tx(), 150, RADIO_ONLY));
        assertEquals(Map.of(DropReason.HOP_LIMIT, 2L), gate.drops());
        assertEquals(RADIO_ONLY, gate.destinations(Side.INTERNET, tx(), 150, 0, BOTH), "internet to RF is not a relay");
    }

    @Test
    void relaysBetweenRadioLinksPassTheSameAdmissionAsInternetTraffic() {
        Gate gate = gate(2, 100, List.of("tx"), 200, 3);
        assertEquals(NONE, gate.destinations(Side.RADIO, new BlockMessage(Network.BITCOIN_REGTEST, new byte[100]), 110, 0, RADIO_ONLY));
        assertEquals(NONE, gate.destinations(Side.RADIO, tx(), 201, 0, RADIO_ONLY));
        // Past the hop limit: dropped before admission, so no place in the transmit limit is used.
        assertEquals(NONE, gate.destinations(Side.RADIO, tx(), 150, 3, RADIO_ONLY));
        assertEquals(RADIO_ONLY, gate.destinations(Side.RADIO, tx(), 150, 1, RADIO_ONLY));
        assertEquals(RADIO_ONLY, gate.destinations(Side.INTERNET, tx(), 150, 0, BOTH));
        // Relays and internet traffic share the per-minute limit of 2.
        assertEquals(NONE, gate.destinations(Side.RADIO, tx(), 150, 0, RADIO_ONLY));
        assertEquals(NONE, gate.destinations(Side.LOCAL, tx(), 150, BOTH));
        assertEquals(Map.of(DropReason.KIND_NOT_ALLOWED, 1L, DropReason.TOO_LARGE, 1L, DropReason.HOP_LIMIT, 1L,
                DropReason.RATE_LIMITED, 2L), gate.drops());
        advance(Duration.ofMinutes(1));
        assertEquals(RADIO_ONLY, gate.destinations(Side.RADIO, tx(), 150, 2, RADIO_ONLY));
    }

    @Test
    void onlyARadioToRadioMoveAddsAHop() {
        assertEquals(3, Gate.hopsOnward(Side.RADIO, Side.RADIO, 2));
        assertEquals(2, Gate.hopsOnward(Side.RADIO, Side.INTERNET, 2));
        assertEquals(2, Gate.hopsOnward(Side.INTERNET, Side.RADIO, 2));
        assertEquals(0, Gate.hopsOnward(Side.LOCAL, Side.RADIO, 0));
    }

    @Test
    void linkLocalKindsGoNowhereAndAreNotCountedAsDrops() {
        Gate gate = gate(30, 100, List.of("tx"), 2048);
        Message ping = new PingMessage(7);
        for (Side from : Side.values()) {
            assertEquals(NONE, gate.destinations(from, ping, 10, BOTH), from.toString());
        }
        assertEquals(Map.of(), gate.drops());
    }

    @Test
    void aKindNotAllowedIsDropped() {
        Gate gate = gate(30, 100, List.of("tx"), 1_000_000);
        BlockMessage block = new BlockMessage(Network.BITCOIN_REGTEST, new byte[100]);
        assertEquals(NONE, gate.destinations(Side.INTERNET, block, 110, BOTH));
        assertEquals(Map.of(DropReason.KIND_NOT_ALLOWED, 1L), gate.drops());
    }

    @Test
    void aMessageOverTheSizeCapIsDroppedAndOneAtTheCapPasses() {
        Gate gate = gate(30, 100, List.of("tx"), 500);
        assertEquals(RADIO_ONLY, gate.destinations(Side.LOCAL, tx(), 500, BOTH));
        assertEquals(NONE, gate.destinations(Side.LOCAL, tx(), 501, BOTH));
        assertEquals(Map.of(DropReason.TOO_LARGE, 1L), gate.drops());
    }

    @Test
    void thePerMinuteWindowSlides() {
        Gate gate = gate(3, 100, List.of("tx"), 2048);
        for (int i = 0; i < 3; i++) {
            assertEquals(RADIO_ONLY, gate.destinations(Side.INTERNET, tx(), 150, BOTH), "message " + i);
            advance(Duration.ofSeconds(10));
        }
        assertEquals(NONE, gate.destinations(Side.INTERNET, tx(), 150, BOTH), "4th within a minute");
        advance(Duration.ofSeconds(29)); // the first was admitted 59 s ago
        assertEquals(NONE, gate.destinations(Side.INTERNET, tx(), 150, BOTH));
        advance(Duration.ofSeconds(1)); // now 60 s: the first left the window
        assertEquals(RADIO_ONLY, gate.destinations(Side.INTERNET, tx(), 150, BOTH));
        assertEquals(NONE, gate.destinations(Side.INTERNET, tx(), 150, BOTH), "the window is full again");
        assertEquals(Map.of(DropReason.RATE_LIMITED, 3L), gate.drops());
    }

    @Test
    void theFiveMinuteWindowLimitsWhatThePerMinuteOneWouldLetThrough() {
        Gate gate = gate(4, 6, List.of("tx"), 2048);
        int admitted = 0;
        for (int minute = 0; minute < 5; minute++) {
            for (int i = 0; i < 4; i++) {
                if (!gate.destinations(Side.LOCAL, tx(), 150, BOTH).isEmpty()) {
                    admitted++;
                }
            }
            advance(Duration.ofMinutes(1));
        }
        assertEquals(6, admitted, "4 in the first minute, 2 in the second, then the five-minute window is full");
        assertEquals(14L, gate.drops().get(DropReason.RATE_LIMITED));
        // Five minutes after the first four, they leave the window: four more may go.
        for (int i = 0; i < 4; i++) {
            assertEquals(RADIO_ONLY, gate.destinations(Side.LOCAL, tx(), 150, BOTH), "after the window, message " + i);
        }
        assertEquals(NONE, gate.destinations(Side.LOCAL, tx(), 150, BOTH));
    }

    @Test
    void droppedMessagesDoNotUseTheTransmitLimit() {
        Gate gate = gate(1, 1, List.of("tx"), 200);
        assertEquals(NONE, gate.destinations(Side.LOCAL, tx(), 300, BOTH));
        assertEquals(NONE, gate.destinations(Side.LOCAL, new BlockMessage(Network.BITCOIN_REGTEST, new byte[100]), 110, BOTH));
        assertEquals(NONE, gate.destinations(Side.LOCAL, tx(), 150, EnumSet.of(Side.INTERNET)), "no radio link present");
        assertEquals(RADIO_ONLY, gate.destinations(Side.LOCAL, tx(), 150, BOTH));
        assertEquals(Map.of(DropReason.TOO_LARGE, 1L, DropReason.KIND_NOT_ALLOWED, 1L), gate.drops());
    }

    @Test
    void aZeroLimitSendsNothingFromTheInternetToRadio() {
        Gate gate = gate(0, 0, List.of("tx"), 2048);
        assertEquals(NONE, gate.destinations(Side.INTERNET, tx(), 150, BOTH));
        assertEquals(Map.of(DropReason.RATE_LIMITED, 1L), gate.drops());
    }

    @Test
    void configuredKindNamesMapToMessageKinds() {
        Gate gate = gate(1000, 1000, List.copyOf(GateConfig.KINDS), 2048);
        assertEquals(GateConfig.KINDS.size(), Gate.kinds(new GateConfig(1, 1, List.copyOf(GateConfig.KINDS), 10, 0)).size());
        assertEquals(RADIO_ONLY, gate.destinations(Side.LOCAL, new BlockMessage(Network.BITCOIN_REGTEST, new byte[100]), 110, BOTH));
    }

    @Test
    void theUnrestrictedGateOnlyRoutes() {
        Gate gate = Gate.unrestricted();
        for (int i = 0; i < 1000; i++) {
            assertEquals(RADIO_ONLY, gate.destinations(Side.INTERNET, tx(), 4_000_000, BOTH));
        }
        assertEquals(GateConfig.DEFAULT_HOP_LIMIT, gate.hopLimit());
        assertEquals(BOTH, gate.destinations(Side.RADIO, tx(), 150, GateConfig.DEFAULT_HOP_LIMIT - 1, BOTH));
        assertEquals(EnumSet.of(Side.INTERNET), gate.destinations(Side.RADIO, tx(), 150, GateConfig.DEFAULT_HOP_LIMIT, BOTH),
                "even a gate that only routes keeps the default hop limit");
        assertEquals(Map.of(DropReason.HOP_LIMIT, 1L), gate.drops());
    }
}
