package org.skywave.bridge.message;

import java.util.List;

/** Announces objects the sender has, so the receiver can ask for those it lacks with GETDATA. */
public record InvMessage(List<InventoryItem> items) implements Message {

    public InvMessage {
        items = Values.copyList(items, "items", MessageLimits.MAX_INVENTORY_ITEMS);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.INV;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public String toString() {
        return "InvMessage[items=" + Values.previewList(items) + "]";
    }
}
