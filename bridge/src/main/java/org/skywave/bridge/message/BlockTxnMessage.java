package org.skywave.bridge.message;

import java.util.List;
import java.util.Objects;

/** The answer to GETBLOCKTXN: the requested transactions of a block, in the order asked. */
public record BlockTxnMessage(Network network, MessageId blockHash, List<byte[]> transactions) implements Message {

    public BlockTxnMessage {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(blockHash, "blockHash");
        transactions = Values.copyAll(transactions, "transactions", MessageLimits.MAX_BLOCK_TRANSACTIONS, 1,
                MessageLimits.MAX_PAYLOAD_BYTES);
    }

    /** A copy: the list and its arrays may be changed freely. */
    @Override
    public List<byte[]> transactions() {
        return Values.deepCopy(transactions);
    }

    /** The number of transactions, without copying them. */
    public int count() {
        return transactions.size();
    }

    List<byte[]> transactionsView() {
        return transactions;
    }

    @Override
    public MessageKind kind() {
        return MessageKind.BLOCKTXN;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockTxnMessage m && network == m.network && blockHash.equals(m.blockHash)
                && Values.equalLists(transactions, m.transactions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, blockHash, Values.hashList(transactions));
    }

    @Override
    public String toString() {
        return "BlockTxnMessage[network=" + network + ", blockHash=" + blockHash + ", transactions="
                + Values.previewBytesList(transactions) + "]";
    }
}
