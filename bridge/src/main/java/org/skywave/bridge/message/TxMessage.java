package org.skywave.bridge.message;

import java.util.Arrays;
import java.util.Objects;

/** A transaction, as the raw bytes its network serializes it to. Its id is the network's transaction hash. */
public record TxMessage(Network network, byte[] rawTransaction) implements Message {

    public TxMessage {
        Objects.requireNonNull(network, "network");
        rawTransaction = Values.copy(rawTransaction, "rawTransaction", 1, MessageLimits.MAX_PAYLOAD_BYTES);
    }

    @Override
    public byte[] rawTransaction() {
        return rawTransaction.clone();
    }

    /** The length, without copying the bytes. */
    public int size() {
        return rawTransaction.length;
    }

    /** The bytes without a copy, for the codec and hashing only: callers in this package must not change them. */
    byte[] rawView() {
        return rawTransaction;
    }

    @Override
    public MessageKind kind() {
        return MessageKind.TX;
    }

    @Override
    public MessageId id() {
        return network.transactionId(rawTransaction);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxMessage m && network == m.network && Arrays.equals(rawTransaction, m.rawTransaction);
    }

    @Override
    public int hashCode() {
        return 31 * network.hashCode() + Arrays.hashCode(rawTransaction);
    }

    @Override
    public String toString() {
        return "TxMessage[network=" + network + ", rawTransaction=" + Values.preview(rawTransaction) + "]";
    }
}
