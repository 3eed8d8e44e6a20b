package org.skywave.bridge.message;

import java.util.List;
import java.util.Objects;

/** Asks for the transactions at these absolute indexes of a block announced by CMPCTBLOCK. */
public record GetBlockTxnMessage(Network network, MessageId blockHash, List<Integer> indexes) implements Message {

    public GetBlockTxnMessage {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(blockHash, "blockHash");
        indexes = Values.copyList(indexes, "indexes", MessageLimits.MAX_BLOCK_TRANSACTIONS);
        for (int i = 0; i < indexes.size(); i++) {
            Values.checkRange(indexes.get(i), "indexes[" + i + "]", 0, MessageLimits.MAX_BLOCK_TRANSACTIONS - 1);
        }
    }

    @Override
    public MessageKind kind() {
        return MessageKind.GETBLOCKTXN;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public String toString() {
        return "GetBlockTxnMessage[network=" + network + ", blockHash=" + blockHash + ", indexes="
                + Values.previewList(indexes) + "]";
    }
}
