package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.compact.TransactionCompressor;
import org.skywave.bridge.demo.SampleTransactions;

/** TX key 3: the compact transaction a station sends to another, rebuilt to the same wire bytes and id. */
class CompactTxMessageTest {

    private final MessageCodec codec = MessageCodec.INSTANCE;

    @Test
    void compactEncodingIsShorterAndDecodesToTheSameTransactionAndId() throws Exception {
        for (byte[] raw : new SampleTransactions(11).next(200)) {
            TxMessage tx = new TxMessage(Network.BITCOIN_MAINNET, raw);
            byte[] canonical = codec.encode(tx);
            byte[] compact = codec.encodeCompact(tx);
            assertTrue(compact.length < canonical.length, compact.length + " < " + canonical.length);
            TxMessage back = (TxMessage) codec.decode(compact);
            assertEquals(tx, back);
            assertEquals(tx.id(), back.id());
            assertArrayEquals(canonical, codec.encode(back), "re-encodes canonically with key 2");
        }
    }

    @Test
    void compactEncodingIsTheDocumentedBytes() {
        // Map of 3; key 0 = 6 (TX); key 1 = 1 (mainnet); key 3 = 58 bytes: the compact form of section 7.1.
        byte[] raw = HexFormat.of().parseHex("0100000001" + "11".repeat(32) + "00000000" + "00" + "ffffffff"
                + "01" + "e803000000000000" + "1976a914" + "22".repeat(20) + "88ac" + "00000000");
        String compact = HexFormat.of().formatHex(codec.encodeCompact(new TxMessage(Network.BITCOIN_MAINNET, raw)));
        assertEquals("a3" + "0006" + "0101" + "03" + "58" + "3a" + "000101" + "00" + "11".repeat(32)
                + "00" + "04" + "22".repeat(20), compact);
    }

    @Test
    void bunkercoinTransactionsKeepTheirRawForm() throws Exception {
        TxMessage tx = new TxMessage(Network.BUNKERCOIN, new SampleTransactions(1).next());
        assertArrayEquals(codec.encode(tx), codec.encodeCompact(tx));
    }

    @Test
    void bothRawAndCompactIsMalformed() {
        // {0: 6, 1: 1, 2: h'01', 3: h'8001'}
        byte[] both = HexFormat.of().parseHex("a4000601010241010342" + "8001");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(both));
        assertTrue(e.getMessage().contains("TX key 3 (compact transaction)"), e.getMessage());
        assertTrue(e.getMessage().contains("exclusive"), e.getMessage());
    }

    @Test
    void compactFormOfANonBitcoinNetworkIsMalformed() {
        byte[] bunker = HexFormat.of().parseHex("a300060106034280" + "01");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(bunker));
        assertTrue(e.getMessage().contains("Bitcoin networks only, not BUNKERCOIN"), e.getMessage());
    }

    @Test
    void aBadCompactFormIsMalformedNamingKey3() {
        byte[] compact = TransactionCompressor.INSTANCE.compress(new SampleTransactions(5).next());
        byte[] cut = java.util.Arrays.copyOf(compact, compact.length - 3);
        byte[] exact = new byte[8 + cut.length];
        System.arraycopy(HexFormat.of().parseHex("a30006010103"), 0, exact, 0, 6);
        exact[6] = 0x58; // byte string, one-byte length follows
        exact[7] = (byte) cut.length;
        System.arraycopy(cut, 0, exact, 8, cut.length);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(exact));
        assertTrue(e.getMessage().startsWith("TX key 3 (compact transaction): compact transaction: "), e.getMessage());
    }
}
