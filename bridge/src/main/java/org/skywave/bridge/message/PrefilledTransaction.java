package org.skywave.bridge.message;

import java.util.Arrays;

/** A transaction sent in full inside a compact block, at its absolute index in the block. */
public record PrefilledTransaction(int index, byte[] rawTransaction) {

    public PrefilledTransaction {
        Values.checkRange(index, "index", 0, MessageLimits.MAX_BLOCK_TRANSACTIONS - 1);
        rawTransaction = Values.copy(rawTransaction, "rawTransaction", 1, MessageLimits.MAX_PAYLOAD_BYTES);
    }

    @Override
    public byte[] rawTransaction() {
        return rawTransaction.clone();
    }

    byte[] rawView() {
        return rawTransaction;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefilledTransaction p && index == p.index && Arrays.equals(rawTransaction, p.rawTransaction);
    }

    @Override
    public int hashCode() {
        return 31 * index + Arrays.hashCode(rawTransaction);
    }

    @Override
    public String toString() {
        return "PrefilledTransaction[index=" + index + ", rawTransaction=" + Values.preview(rawTransaction) + "]";
    }
}
