package org.skywave.bridge.compact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.skywave.bridge.message.BlockTxnMessage;
import org.skywave.bridge.message.CompactBlockMessage;
import org.skywave.bridge.message.GetBlockTxnMessage;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.PrefilledTransaction;

/**
 * Compact block relay after BIP 152 ({@code docs/PROTOCOL.md} section 7.2): the sender turns a
 * block into its header, one 6-byte short id per transaction and the coinbase in full; the
 * receiver rebuilds the block from the transactions it holds and asks with GETBLOCKTXN for those
 * it lacks, which BLOCKTXN brings.
 */
public final class CompactBlocks {

    private CompactBlocks() {
    }

    /**
     * The compact form of {@code block}: the transactions at {@code prefill} (the coinbase, index 0,
     * always) go in full, every other one as its short id keyed with {@code nonce}.
     */
    public static CompactBlockMessage compact(Network network, RawBlock block, long nonce, Set<Integer> prefill) {
        Set<Integer> full = new TreeSet<>(prefill);
        full.add(0);
        byte[] header = block.header();
        ShortIds ids = new ShortIds(header, nonce);
        List<PrefilledTransaction> prefilled = new ArrayList<>();
        long[] shortIds = new long[block.transactions().size() - (int) full.stream()
                .filter(i -> i < block.transactions().size()).count()];
        int next = 0;
        for (int i = 0; i < block.transactions().size(); i++) {
            byte[] tx = block.transactions().get(i);
            if (full.contains(i)) {
                prefilled.add(new PrefilledTransaction(i, tx));
            } else {
                shortIds[next++] = ids.of(network.transactionId(tx).toByteArray());
            }
        }
        return new CompactBlockMessage(network, header, nonce, shortIds, prefilled);
    }

    /**
     * A compact block being rebuilt from the transactions the receiver holds. {@link #missing} lists
     * what to ask for; {@link #complete} takes the answer and gives the block.
     */
    public static final class Reconstruction {

        private final CompactBlockMessage compact;
        private final byte[][] transactions;
        private final List<Integer> missing = new ArrayList<>();

        private Reconstruction(CompactBlockMessage compact, byte[][] transactions) {
            this.compact = compact;
            this.transactions = transactions;
            for (int i = 0; i < transactions.length; i++) {
                if (transactions[i] == null) {
                    missing.add(i);
                }
            }
        }

        /** Absolute indexes of the transactions the receiver must ask for; empty when the block is whole. */
        public List<Integer> missing() {
            return List.copyOf(missing);
        }

        /** The request for the missing transactions. */
        public GetBlockTxnMessage request() {
            return new GetBlockTxnMessage(compact.network(), blockId(), missing);
        }

        public MessageId blockId() {
            return compact.network().blockId(compact.header());
        }

        /**
         * The whole block, with {@code answer} (null when nothing was missing) filling the gaps, checked
         * against the header's merkle root.
         *
         * @throws MalformedMessageException when the answer is for another block, has the wrong number
         *                                   of transactions, or the rebuilt block's merkle root is not the header's
         */
        public RawBlock complete(BlockTxnMessage answer) throws MalformedMessageException {
            byte[][] txs = transactions.clone();
            if (!missing.isEmpty()) {
                Objects.requireNonNull(answer, "answer");
                if (!answer.blockHash().equals(blockId())) {
                    throw new MalformedMessageException("BLOCKTXN for block " + answer.blockHash()
                            + " answers a compact block " + blockId(), -1);
                }
                List<byte[]> sent = answer.transactions();
                if (sent.size() != missing.size()) {
                    throw new MalformedMessageException("BLOCKTXN carries " + sent.size() + " transactions, "
                            + missing.size() + " were asked for", -1);
                }
                for (int i = 0; i < sent.size(); i++) {
                    txs[missing.get(i)] = sent.get(i);
                }
            }
            RawBlock block = new RawBlock(compact.header(), List.of(txs));
            MerkleRoot.check(block);
            return block;
        }
    }

    /**
     * Starts rebuilding {@code compact} from {@code held}, the transactions the receiver has (its
     * mempool). A short id that two held transactions share, or that none has, is asked for.
     */
    public static Reconstruction reconstruct(CompactBlockMessage compact, Iterable<byte[]> held)
            throws MalformedMessageException {
        int count = compact.shortIds().length + compact.prefilled().size();
        byte[][] txs = new byte[count][];
        for (PrefilledTransaction p : compact.prefilled()) {
            if (p.index() >= count || txs[p.index()] != null) {
                throw new MalformedMessageException("CMPCTBLOCK prefilled index " + p.index()
                        + " is repeated or beyond the block's " + count + " transactions", -1);
            }
            txs[p.index()] = p.rawTransaction();
        }
        ShortIds ids = new ShortIds(compact.header(), compact.nonce());
        Map<Long, byte[]> byShortId = new HashMap<>();
        Set<Long> ambiguous = new HashSet<>();
        for (byte[] tx : held) {
            long id = ids.of(compact.network().transactionId(tx).toByteArray());
            if (byShortId.putIfAbsent(id, tx) != null) {
                ambiguous.add(id);
            }
        }
        long[] shortIds = compact.shortIds();
        int next = 0;
        for (int i = 0; i < count; i++) {
            if (txs[i] == null) {
                long id = shortIds[next++];
                txs[i] = ambiguous.contains(id) ? null : byShortId.get(id);
            }
        }
        return new Reconstruction(compact, txs);
    }

    /** The answer to {@code request} from the sender's copy of the block. */
    public static BlockTxnMessage answer(GetBlockTxnMessage request, RawBlock block) throws MalformedMessageException {
        List<byte[]> txs = new ArrayList<>(request.indexes().size());
        for (int index : request.indexes()) {
            if (index >= block.transactions().size()) {
                throw new MalformedMessageException("GETBLOCKTXN asks for index " + index + " of a block of "
                        + block.transactions().size() + " transactions", -1);
            }
            txs.add(block.transactions().get(index));
        }
        return new BlockTxnMessage(request.network(), request.blockHash(), txs);
    }
}
