package org.skywave.bridge.message;

import java.util.List;

/** Acknowledges messages by id, so the sender's store-and-forward queue may drop them. */
public record AckMessage(List<MessageId> ids) implements Message {

    public AckMessage {
        ids = Values.copyList(ids, "ids", MessageLimits.MAX_ACK_IDS);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.ACK;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public String toString() {
        return "AckMessage[ids=" + Values.previewList(ids) + "]";
    }
}
