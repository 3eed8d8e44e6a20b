package org.skywave.bridge.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * A full block, as the raw bytes its network serializes it to. Its id is the network's block hash,
 * so a Bitcoin block must hold at least its 80-byte header.
 */
public record BlockMessage(Network network, byte[] rawBlock) implements Message {

    public BlockMessage {
        Objects.requireNonNull(network, "network");
        rawBlock = Values.copy(rawBlock, "rawBlock", network.minimumBlockBytes(), MessageLimits.MAX_PAYLOAD_BYTES);
    }

    @Override
    public byte[] rawBlock() {
        return rawBlock.clone();
    }

    /** The length, without copying the bytes. */
    public int size() {
        return rawBlock.length;
    }

    /** The bytes without a copy, for the codec only: callers in this package must not change them. */
    byte[] rawView() {
        return rawBlock;
    }

    @Override
    public MessageKind kind() {
        return MessageKind.BLOCK;
    }

    @Override
    public MessageId id() {
        return network.blockId(rawBlock);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockMessage m && network == m.network && Arrays.equals(rawBlock, m.rawBlock);
    }

    @Override
    public int hashCode() {
        return 31 * network.hashCode() + Arrays.hashCode(rawBlock);
    }

    @Override
    public String toString() {
        return "BlockMessage[network=" + network + ", rawBlock=" + Values.preview(rawBlock) + "]";
    }
}
