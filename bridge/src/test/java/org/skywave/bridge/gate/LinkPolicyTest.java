package org.skywave.bridge.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.config.LinkPolicyConfig;
import org.skywave.bridge.message.BlockMessage;
import org.skywave.bridge.message.CompactBlockMessage;
import org.skywave.bridge.message.HeadersMessage;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.js8call.Js8Speed;

/** A link's own policy: defaults from its profile, the entry's overrides, refusals counted by reason. */
class LinkPolicyTest {

    private final AtomicLong now = new AtomicLong();
    private final TxMessage tx = new TxMessage(Network.BITCOIN_REGTEST, new byte[200]);
    private final BlockMessage block = new BlockMessage(Network.BITCOIN_REGTEST, new byte[1500]);

    private LinkPolicy policy(org.skywave.transport.LinkProfile profile, LinkPolicyConfig overrides) {
        return LinkPolicy.of("test", profile, overrides, now::get);
    }

    @Test
    void slowLinksCarryNoBlocksByDefault() {
        assertFalse(LinkPolicy.defaultKinds(LinkProfiles.JS8_NORMAL).contains(MessageKind.BLOCK));
        assertFalse(LinkPolicy.defaultKinds(LinkProfiles.JS8_NORMAL).contains(MessageKind.CMPCTBLOCK), "4.8 bit/s < 300");
        assertFalse(LinkPolicy.defaultKinds(LinkProfiles.AX25_300).contains(MessageKind.BLOCK), "300 bit/s < 1200");
        assertTrue(LinkPolicy.defaultKinds(LinkProfiles.AX25_300).contains(MessageKind.CMPCTBLOCK), "compact blocks from 300 bit/s");
        assertTrue(LinkPolicy.defaultKinds(LinkProfiles.AX25_1200).contains(MessageKind.BLOCK), "full blocks from 1200 bit/s");
        assertTrue(LinkPolicy.defaultKinds(LinkProfiles.VARA_HF_2300).containsAll(List.of(MessageKind.TX, MessageKind.HEADERS)));
        assertFalse(LinkPolicy.defaultKinds(LinkProfiles.TCP).contains(MessageKind.HELLO), "link-local kinds are never routed");
    }

    @Test
    void js8CallLinksCarryTransactionsAndTheirAnnouncementsOnlyAtEverySpeed() {
        for (Js8Speed speed : Js8Speed.values()) {
            LinkPolicy js8 = policy(speed.profile(40), LinkPolicyConfig.DEFAULTS);
            assertEquals(Set.of(MessageKind.TX, MessageKind.INV, MessageKind.GETDATA), js8.allowedKinds(), speed.name());
            assertTrue(js8.admit(tx, 250));
            assertFalse(js8.admit(new HeadersMessage(Network.BITCOIN_REGTEST, List.of(new byte[80])), 90), "headers refused");
            assertFalse(js8.admit(block, 1600), "blocks refused");
            assertEquals(Map.of("kind_not_allowed", 2L), js8.refusals(), "each refusal counted under its reason");
        }
        assertTrue(LinkPolicy.defaultKinds(LinkProfiles.AX25_300).contains(MessageKind.HEADERS), "300 bit/s packet syncs headers");
    }

    @Test
    void refusalsAreCountedByReason() {
        LinkPolicy js8 = policy(LinkProfiles.JS8_NORMAL, LinkPolicyConfig.DEFAULTS);
        assertTrue(js8.admit(tx, 250));
        assertFalse(js8.admit(block, 1600));
        assertFalse(js8.admit(block, 1600));
        assertEquals(Map.of("kind_not_allowed", 2L), js8.refusals());
    }

    @Test
    void theEntryWidensAndNarrowsTheProfile() {
        LinkPolicy wide = policy(LinkProfiles.JS8_NORMAL, new LinkPolicyConfig(List.of("block", "tx"), null, null, null, null));
        assertTrue(wide.admit(block, 1600), "an operator may allow blocks on a slow link");
        LinkPolicy narrow = policy(LinkProfiles.VARA_HF_2300, new LinkPolicyConfig(List.of("tx"), 300, null, null, null));
        assertFalse(narrow.admit(new CompactBlockMessageSample().message(), 500));
        assertFalse(narrow.admit(tx, 301));
        assertTrue(narrow.admit(tx, 300));
        assertEquals(Map.of("kind_not_allowed", 1L, "too_large", 1L), narrow.refusals());
    }

    @Test
    void transmitLimitsPerMinuteAndPerFiveMinutes() {
        LinkPolicy limited = policy(LinkProfiles.AX25_1200, new LinkPolicyConfig(null, null, 2, 3, null));
        assertTrue(limited.admit(tx, 250));
        assertTrue(limited.admit(tx, 250));
        assertFalse(limited.admit(tx, 250), "a third in the same minute");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertTrue(limited.admit(tx, 250));
        assertFalse(limited.admit(tx, 250), "the fourth in five minutes");
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertTrue(limited.admit(tx, 250));
        assertEquals(Map.of("rate_limited", 2L), limited.refusals());
    }

    @Test
    void dutyCycleOutsideOneToHundredIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> policy(LinkProfiles.TCP, new LinkPolicyConfig(null, null, null, null, 0)));
        assertEquals(100, policy(LinkProfiles.TCP, LinkPolicyConfig.DEFAULTS).dutyCyclePercent());
    }

    /** One compact block, built the simplest valid way. */
    private static final class CompactBlockMessageSample {
        CompactBlockMessage message() {
            return org.skywave.bridge.message.MessageArbitraries.samples(3, 400).stream()
                    .filter(m -> m instanceof CompactBlockMessage).map(m -> (CompactBlockMessage) m).findFirst().orElseThrow();
        }
    }
}
