package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;

/**
 * Encodings and ids fixed byte for byte: the worked example of docs/protocol/messages.md, and ids
 * checked against values published outside this project (Bitcoin's genesis block, BLAKE3's test vectors).
 */
class MessageGoldenTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final MessageCodec CODEC = MessageCodec.INSTANCE;

    /** The coinbase transaction of Bitcoin's genesis block, 204 bytes. */
    static final String GENESIS_COINBASE_HEX = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d010445"
            + "5468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e"
            + "64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7"
            + "105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac"
            + "00000000";

    /** Bitcoin's genesis block header, 80 bytes. */
    static final String GENESIS_HEADER_HEX = "0100000000000000000000000000000000000000000000000000000000000000000000003b"
            + "a3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";

    /** The worked example: TX, Bitcoin mainnet, the genesis coinbase. */
    static final String GOLDEN_TX_HEX = "a3" + "0006" + "0101" + "0258cc" + GENESIS_COINBASE_HEX;

    private static String reversed(String displayHex) {
        byte[] bytes = HEX.parseHex(displayHex);
        for (int i = 0; i < bytes.length / 2; i++) {
            byte b = bytes[i];
            bytes[i] = bytes[bytes.length - 1 - i];
            bytes[bytes.length - 1 - i] = b;
        }
        return HEX.formatHex(bytes);
    }

    @Test
    void txEncodingIsByteForByteTheDocumentedExample() throws Exception {
        TxMessage tx = new TxMessage(Network.BITCOIN_MAINNET, HEX.parseHex(GENESIS_COINBASE_HEX));
        byte[] encoded = CODEC.encode(tx);
        assertEquals(GOLDEN_TX_HEX, HEX.formatHex(encoded));
        assertEquals(212, encoded.length);
        assertEquals(tx, CODEC.decode(HEX.parseHex(GOLDEN_TX_HEX)));
    }

    /** docs/PROTOCOL.md chapter 6: the frame Skywave sends for the worked example, and the same relayed once. */
    @Test
    void workedExampleFrameIsTheDocumentedBytesAndOneByteLongerRelayed() {
        byte[] message = HEX.parseHex(GOLDEN_TX_HEX);
        Fragmenter fragmenter = new Fragmenter(256, FrameAuthenticator.NONE, true, 0);
        String direct = HEX.formatHex(fragmenter.frames(message).get(0));
        assertEquals(173 * 2, direct.length());
        assertTrue(direct.startsWith("125bccc0c6c8c8147106ee3a7c00"), direct);
        String relayed = HEX.formatHex(fragmenter.frames(message, 1).get(0));
        assertEquals("1a01" + direct.substring(2), relayed, "HOPS flag, hop count 1, then the same Deflate stream");
    }

    /** docs/PROTOCOL.md 1.5.13: the ACK of the worked example's TX, by whole id and by an 8-byte prefix. */
    @Test
    void ackByPrefixIsTheDocumentedBytesAndLessThanHalfTheWholeId() throws Exception {
        MessageId id = new TxMessage(Network.BITCOIN_MAINNET, HEX.parseHex(GENESIS_COINBASE_HEX)).id();
        String whole = HEX.formatHex(CODEC.encode(new AckMessage(List.of(id))));
        assertEquals("a2000f01815820" + id.hex(), whole);
        AckMessage byPrefix = new AckMessage(List.of(), List.of(IdPrefix.of(id, 8)));
        String shortForm = HEX.formatHex(CODEC.encode(byPrefix));
        assertEquals("a3000f01800281483ba3edfd7a7b12b2", shortForm);
        assertEquals(39, whole.length() / 2);
        assertEquals(16, shortForm.length() / 2);
        assertEquals(byPrefix, CODEC.decode(HEX.parseHex(shortForm)));
        assertTrue(IdPrefix.of(id, 8).matches(id));
    }

    @Test
    void bitcoinTransactionIdIsItsTxidInInternalByteOrder() {
        TxMessage tx = new TxMessage(Network.BITCOIN_MAINNET, HEX.parseHex(GENESIS_COINBASE_HEX));
        // The txid as block explorers display it, byte-reversed.
        assertEquals(reversed("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"), tx.id().hex());
    }

    @Test
    void bitcoinBlockIdIsTheHashOfItsHeader() {
        // Header plus one byte of "transactions": only the first 80 bytes count.
        byte[] block = HEX.parseHex(GENESIS_HEADER_HEX + "01");
        assertEquals(reversed("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"),
                new BlockMessage(Network.BITCOIN_REGTEST, block).id().hex());
    }

    @Test
    void bunkercoinIdsAreBlake3OfAllTheBytes() {
        // BLAKE3 official test vectors: input bytes 0, 1, 2, ... (mod 251) of the given length.
        assertEquals("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
                new TxMessage(Network.BUNKERCOIN, new byte[] {0}).id().hex());
        assertEquals("7b7015bb92cf0b318037702a6cdd81dee41224f734684c2c122cd6359cb1ee63",
                new BlockMessage(Network.BUNKERCOIN, new byte[] {0, 1}).id().hex());
    }

    @Test
    void otherKindsAreIdentifiedBySha256OfTheirEncoding() {
        PingMessage ping = new PingMessage(1);
        assertEquals("a200020101", HEX.formatHex(CODEC.encode(ping)));
        // sha256(a200020101), computed independently.
        assertEquals("62d41b67999961744f70f886b531e6633d3a0fcad3aa684362c43973a65895f0", ping.id().hex());
    }

    @Test
    void documentedExamplesOfOtherKinds() {
        MessageId h = MessageId.fromHex("11".repeat(32));
        assertEquals("a2000401818202" + "5820" + "11".repeat(32),
                HEX.formatHex(CODEC.encode(new InvMessage(List.of(new InventoryItem(InventoryType.BLOCK, h))))));
        assertEquals("a500100105025820" + "11".repeat(32) + "0306" + "04" + "6464757065",
                HEX.formatHex(CODEC.encode(new RejectMessage(RejectReason.DUPLICATE, Optional.of(h), OptionalInt.of(6),
                        "dupe"))));
        assertEquals("a3001001020464" + "74657374",
                HEX.formatHex(CODEC.encode(new RejectMessage(RejectReason.UNKNOWN_KIND, Optional.empty(),
                        OptionalInt.empty(), "test"))));
        assertEquals("a6000a01040243" + "aabbcc" + "0320" + "044c" + "010000000000" + "ffffffffffff" + "05818203" + "4101",
                HEX.formatHex(CODEC.encode(new CompactBlockMessage(Network.BITCOIN_REGTEST, HEX.parseHex("aabbcc"), -1,
                        new long[] {1, CompactBlockMessage.MAX_SHORT_ID},
                        List.of(new PrefilledTransaction(3, new byte[] {1}))))));
    }
}
