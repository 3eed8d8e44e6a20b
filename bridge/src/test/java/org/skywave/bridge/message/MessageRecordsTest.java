package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The records are values: defensive copies, equality by content, bounded toString, checked construction. */
class MessageRecordsTest {

    @Test
    void arraysAreCopiedInAndOut() {
        byte[] raw = {1, 2, 3};
        TxMessage tx = new TxMessage(Network.BITCOIN_MAINNET, raw);
        raw[0] = 9;
        tx.rawTransaction()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, tx.rawTransaction());

        List<byte[]> headers = new ArrayList<>(List.of(new byte[] {1}));
        HeadersMessage message = new HeadersMessage(Network.BITCOIN_SIGNET, headers);
        headers.get(0)[0] = 7;
        headers.add(new byte[] {2});
        message.headers().get(0)[0] = 8;
        assertEquals(1, message.count());
        assertArrayEquals(new byte[] {1}, message.headers().get(0));

        long[] ids = {5};
        CompactBlockMessage compact = new CompactBlockMessage(Network.BITCOIN_MAINNET, new byte[] {1}, 0, ids, List.of());
        ids[0] = 6;
        compact.shortIds()[0] = 7;
        assertArrayEquals(new long[] {5}, compact.shortIds());
    }

    @Test
    void equalityIsByContent() {
        assertEquals(new TxMessage(Network.BUNKERCOIN, new byte[] {1, 2}), new TxMessage(Network.BUNKERCOIN, new byte[] {1, 2}));
        assertEquals(new TxMessage(Network.BUNKERCOIN, new byte[] {1, 2}).hashCode(),
                new TxMessage(Network.BUNKERCOIN, new byte[] {1, 2}).hashCode());
        assertNotEquals(new TxMessage(Network.BUNKERCOIN, new byte[] {1, 2}), new TxMessage(Network.BITCOIN_MAINNET, new byte[] {1, 2}));
        assertEquals(new BlockTxnMessage(Network.BITCOIN_MAINNET, MessageId.of(new byte[32]), List.of(new byte[] {4})),
                new BlockTxnMessage(Network.BITCOIN_MAINNET, MessageId.of(new byte[32]), List.of(new byte[] {4})));
        assertEquals(new PrefilledTransaction(1, new byte[] {3}), new PrefilledTransaction(1, new byte[] {3}));
    }

    @Test
    void toStringIsBoundedWhateverTheSize() {
        BlockMessage block = new BlockMessage(Network.BITCOIN_MAINNET, new byte[MessageLimits.MAX_PAYLOAD_BYTES]);
        String text = block.toString();
        assertTrue(text.length() < 250, text);
        assertTrue(text.contains("4000000 bytes: 0000"), text);
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < MessageLimits.MAX_HEADERS; i++) {
            many.add(new byte[80]);
        }
        String headers = new HeadersMessage(Network.BITCOIN_MAINNET, many).toString();
        assertTrue(headers.length() < 600 && headers.contains("[2000 items: "), headers);
    }

    @Test
    void constructionRefusesValuesTheFormatCannotCarry() {
        assertEquals("rawTransaction length must be in [1, 4000000], got 0",
                assertThrows(IllegalArgumentException.class, () -> new TxMessage(Network.BITCOIN_MAINNET, new byte[0]))
                        .getMessage());
        assertEquals("stationId length must be in [32, 32], got 31", assertThrows(IllegalArgumentException.class,
                () -> new HelloMessage(1, new byte[31], "N0CALL", 0, 0, 0, 0)).getMessage());
        assertEquals("callsign must be printable ASCII without spaces, got 0x20 at index 2",
                assertThrows(IllegalArgumentException.class,
                        () -> new HelloMessage(1, new byte[32], "N0 CALL", 0, 0, 0, 0)).getMessage());
        assertEquals("services must be in [0, 9223372036854775807], got -1", assertThrows(IllegalArgumentException.class,
                () -> new PeerAddress("tcp://a:1", -1, 0)).getMessage());
        assertEquals("shortIds[0] must be in [0, 281474976710655], got 281474976710656",
                assertThrows(IllegalArgumentException.class, () -> new CompactBlockMessage(Network.BITCOIN_MAINNET,
                        new byte[] {1}, 0, new long[] {1L << 48}, List.of())).getMessage());
        assertEquals("text is not valid Unicode (lone surrogate)", assertThrows(IllegalArgumentException.class,
                () -> new RejectMessage(RejectReason.POLICY, Optional.empty(), OptionalInt.empty(), "\ud800")).getMessage());
        assertEquals("text bytes must be in [0, 111], got 112", assertThrows(IllegalArgumentException.class,
                () -> new RejectMessage(RejectReason.POLICY, Optional.empty(), OptionalInt.empty(), "x".repeat(112)))
                .getMessage());
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i <= MessageLimits.MAX_ACK_IDS; i++) {
            ids.add(MessageId.of(new byte[32]));
        }
        assertEquals("ids count must be in [0, 1000], got 1001",
                assertThrows(IllegalArgumentException.class, () -> new AckMessage(ids)).getMessage());
        assertThrows(NullPointerException.class, () -> new MempoolMessage(null));
    }

    @Test
    void encodingOverTheMessageLimitIsACallerError() {
        List<byte[]> transactions = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            transactions.add(new byte[MessageLimits.MAX_PAYLOAD_BYTES]);
        }
        BlockTxnMessage huge = new BlockTxnMessage(Network.BITCOIN_MAINNET, MessageId.of(new byte[32]), transactions);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageCodec.INSTANCE.encode(huge));
        assertEquals("BLOCKTXN encodes to 8000052 bytes, over the limit of 4194304", e.getMessage());
    }

    @Test
    void closedSetsMapCodesBothWays() throws Exception {
        for (MessageKind kind : MessageKind.values()) {
            assertEquals(kind, MessageKind.fromCode(kind.code()));
        }
        for (Network network : Network.values()) {
            assertEquals(network, Network.fromCode(network.code()));
        }
        for (RejectReason reason : RejectReason.values()) {
            assertEquals(reason, RejectReason.fromCode(reason.code()));
        }
        for (InventoryType type : InventoryType.values()) {
            assertEquals(type, InventoryType.fromCode(type.code()));
        }
        assertEquals(17, assertThrows(UnknownKindException.class, () -> MessageKind.fromCode(17)).kindCode());
        assertEquals("unknown network 0", assertThrows(MalformedMessageException.class, () -> Network.fromCode(0)).getMessage());
        assertEquals("raw transaction", MessageKind.TX.keyName(2));
        assertEquals("kind", MessageKind.TX.keyName(0));
        assertEquals("compact transaction", MessageKind.TX.keyName(3));
        assertEquals("unknown", MessageKind.TX.keyName(4));
    }
}
