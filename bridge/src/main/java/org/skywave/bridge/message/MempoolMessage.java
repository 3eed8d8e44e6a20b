package org.skywave.bridge.message;

import java.util.Objects;

/** Asks for an INV of the transactions in the receiver's mempool for this network. */
public record MempoolMessage(Network network) implements Message {

    public MempoolMessage {
        Objects.requireNonNull(network, "network");
    }

    @Override
    public MessageKind kind() {
        return MessageKind.MEMPOOL;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }
}
