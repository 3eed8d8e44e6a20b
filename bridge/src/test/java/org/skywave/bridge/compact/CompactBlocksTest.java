package org.skywave.bridge.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.message.BlockMessage;
import org.skywave.bridge.message.BlockTxnMessage;
import org.skywave.bridge.message.CompactBlockMessage;
import org.skywave.bridge.message.GetBlockTxnMessage;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Network;

/** Compact blocks (BIP 152) over the real mainnet blocks, encoded as the messages that cross the link. */
class CompactBlocksTest {

    private static final MessageCodec CODEC = MessageCodec.INSTANCE;
    private static final Network NET = Network.BITCOIN_MAINNET;

    @Test
    void aBlockWhoseTransactionsTheReceiverHoldsTakesAtMostATenthOfItsBytes() throws Exception {
        for (String name : List.of("block_345003.bin", "block_347032.bin", "block_357238.bin", "block_367238.bin")) {
            RawBlock block = MainnetData.block(name);
            byte[] full = CODEC.encode(new BlockMessage(NET, block.serialize()));
            byte[] compact = CODEC.encode(CompactBlocks.compact(NET, block, 42, Set.of()));
            assertTrue(compact.length * 10 <= full.length, name + ": " + compact.length + " of " + full.length);
            CompactBlockMessage received = (CompactBlockMessage) CODEC.decode(compact);
            CompactBlocks.Reconstruction r = CompactBlocks.reconstruct(received, block.transactions().subList(1,
                    block.transactions().size()));
            assertEquals(List.of(), r.missing(), name);
            assertArrayEquals(block.serialize(), r.complete(null).serialize(), name);
        }
    }

    @Test
    void missingTransactionsAreAskedForAndSentAndTheBlockIsWhole() throws Exception {
        RawBlock block = MainnetData.block("block_367238.bin");
        SplittableRandom random = new SplittableRandom(5);
        List<byte[]> mempool = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        for (int i = 1; i < block.transactions().size(); i++) {
            if (random.nextInt(10) == 0) {
                left.add(i);
            } else {
                mempool.add(block.transactions().get(i));
            }
        }
        CompactBlockMessage sent = (CompactBlockMessage) CODEC.decode(CODEC.encode(CompactBlocks.compact(NET, block, 7, Set.of())));
        CompactBlocks.Reconstruction r = CompactBlocks.reconstruct(sent, mempool);
        assertEquals(left, r.missing());
        GetBlockTxnMessage request = (GetBlockTxnMessage) CODEC.decode(CODEC.encode(r.request()));
        assertEquals(NET.blockId(block.serialize()), request.blockHash());
        BlockTxnMessage answer = (BlockTxnMessage) CODEC.decode(CODEC.encode(CompactBlocks.answer(request, block)));
        assertArrayEquals(block.serialize(), r.complete(answer).serialize());
    }

    @Test
    void theSegwitBlockIsRebuiltByWtxidShortIds() throws Exception {
        RawBlock block = MainnetData.block("block_542213.bin");
        CompactBlocks.Reconstruction r = CompactBlocks.reconstruct(CompactBlocks.compact(NET, block, -1, Set.of(2)),
                block.transactions());
        assertEquals(List.of(), r.missing());
        assertArrayEquals(block.serialize(), r.complete(null).serialize());
    }

    @Test
    void aWrongTransactionSentForAGapFailsTheMerkleCheck() throws Exception {
        RawBlock block = MainnetData.block("block_345003.bin");
        CompactBlocks.Reconstruction r = CompactBlocks.reconstruct(CompactBlocks.compact(NET, block, 1, Set.of()),
                block.transactions().subList(2, block.transactions().size()));
        assertEquals(List.of(1), r.missing());
        BlockTxnMessage wrong = new BlockTxnMessage(NET, r.blockId(), List.of(block.transactions().get(2)));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> r.complete(wrong));
        assertTrue(e.getMessage().contains("merkle root does not match"), e.getMessage());
    }

    @Test
    void anAnswerWithTooFewTransactionsIsRefused() throws Exception {
        RawBlock block = MainnetData.block("block_345003.bin");
        CompactBlocks.Reconstruction r = CompactBlocks.reconstruct(CompactBlocks.compact(NET, block, 1, Set.of()), List.of());
        BlockTxnMessage shortAnswer = new BlockTxnMessage(NET, r.blockId(), List.of(block.transactions().get(1)));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> r.complete(shortAnswer));
        assertEquals("BLOCKTXN carries 1 transactions, 181 were asked for", e.getMessage());
    }

    @Test
    void shortIdsFollowBip152() {
        // SipHash-2-4 keyed with SHA-256(header || nonce LE)[0..16], low 48 bits.
        byte[] header = new byte[80];
        ShortIds ids = new ShortIds(header, 0);
        byte[] txHash = new byte[32];
        long id = ids.of(txHash);
        assertTrue(id >= 0 && id <= CompactBlockMessage.MAX_SHORT_ID);
        assertEquals(id, new ShortIds(header, 0).of(txHash));
        assertTrue(id != new ShortIds(header, 1).of(txHash), "another nonce, another key");
        assertEquals(12, HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(8).putLong(id).array()).substring(4).length());
    }
}
