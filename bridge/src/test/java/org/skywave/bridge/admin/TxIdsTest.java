package org.skywave.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;

class TxIdsTest {

    @Test
    void displayIsTheReversedInternalOrderAsBcoinPrintsIt() {
        MessageId id = AdminSamples.legacyTx(Network.BITCOIN_MAINNET).id();
        assertEquals(AdminSamples.LEGACY_TXID, TxIds.display(id));
        // Internal order starts with the display's last byte.
        assertEquals(AdminSamples.LEGACY_TXID.substring(62, 64), id.hex().substring(0, 2));
        assertEquals(AdminSamples.LEGACY_TXID.substring(0, 2), id.hex().substring(62, 64));
    }

    /** Admin API, command line and log lines show one order: a log's short id starts the txid an operator sees. */
    @Test
    void logLinesShowTheStartOfTheIdTheApiShows() {
        MessageId id = AdminSamples.legacyTx(Network.BITCOIN_MAINNET).id();
        assertEquals(AdminSamples.LEGACY_TXID, id.displayHex());
        assertEquals(AdminSamples.LEGACY_TXID.substring(0, 16), id.shortHex());
    }

    @Test
    void displayAndParseAreInverse() {
        long seed = 7L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[MessageId.LENGTH];
            random.nextBytes(bytes);
            MessageId id = MessageId.of(bytes);
            assertEquals(id, TxIds.fromDisplay(TxIds.display(id)), "seed " + seed + ", case " + i);
            assertEquals(id, TxIds.fromDisplay(" " + TxIds.display(id).toUpperCase() + "\n"), "seed " + seed);
        }
    }

    @Test
    void badIdsNameTheProblem() {
        assertEquals("a transaction id is 64 hex digits, got 63",
                assertThrows(IllegalArgumentException.class, () -> TxIds.fromDisplay("0".repeat(63))).getMessage());
        assertEquals("a transaction id is hex: character 'x' at offset 5 is not a hex digit",
                assertThrows(IllegalArgumentException.class, () -> TxIds.fromDisplay("00000x" + "0".repeat(58))).getMessage());
    }

    @Test
    void networkNamesFollowBitcoinCore() {
        assertEquals(Network.BITCOIN_MAINNET, TxNetworks.fromName("main"));
        assertEquals(Network.BITCOIN_TESTNET3, TxNetworks.fromName("TestNet"));
        assertEquals(Network.BITCOIN_TESTNET4, TxNetworks.fromName("testnet4"));
        assertEquals(Network.BITCOIN_REGTEST, TxNetworks.fromName(" regtest "));
        for (Network network : Network.values()) {
            if (network != Network.BUNKERCOIN) {
                assertEquals(network, TxNetworks.fromName(TxNetworks.name(network)));
            }
        }
    }
}
