package org.skywave.bridge.message;

import java.util.Objects;

/** One entry of INV or GETDATA: what kind of object, and its network hash. */
public record InventoryItem(InventoryType type, MessageId hash) {

    public InventoryItem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(hash, "hash");
    }
}
