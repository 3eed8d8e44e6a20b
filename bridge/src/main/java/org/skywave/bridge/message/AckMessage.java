package org.skywave.bridge.message;

import java.util.List;

/**
 * Acknowledges messages by id, so the sender's store-and-forward queue may drop them: by whole ids,
 * or on links where air time is dear by id prefixes (docs/PROTOCOL.md 1.5.13).
 */
public record AckMessage(List<MessageId> ids, List<IdPrefix> prefixes) implements Message {

    public AckMessage {
        ids = Values.copyList(ids, "ids", MessageLimits.MAX_ACK_IDS);
        prefixes = Values.copyList(prefixes, "prefixes", MessageLimits.MAX_ACK_IDS);
    }

    /** An ACK naming whole ids only, as every link but a text link uses. */
    public AckMessage(List<MessageId> ids) {
        this(ids, List.of());
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
        return "AckMessage[ids=" + Values.previewList(ids)
                + (prefixes.isEmpty() ? "" : ", prefixes=" + Values.previewList(prefixes)) + "]";
    }
}
