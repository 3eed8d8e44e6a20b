package org.skywave.bridge.message;

import java.util.List;

/** Asks for objects announced by an INV; answered with TX, BLOCK, HEADERS or CMPCTBLOCK. */
public record GetDataMessage(List<InventoryItem> items) implements Message {

    public GetDataMessage {
        items = Values.copyList(items, "items", MessageLimits.MAX_INVENTORY_ITEMS);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.GETDATA;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public String toString() {
        return "GetDataMessage[items=" + Values.previewList(items) + "]";
    }
}
