package org.skywave.bridge.node.bitcoin;

import java.util.ArrayList;
import java.util.List;

/** The shared payload of {@code inv}, {@code getdata} and {@code notfound}: a count and inventory items. */
public final class InventoryPayload {

    /** Most items in one message: Bitcoin Core's {@code MAX_INV_SZ} ({@code src/net_processing.cpp}). */
    public static final int MAX_INV_SZ = 50_000;

    private InventoryPayload() {
    }

    public static BitcoinMessage toMessage(String command, List<InventoryItem> items) {
        if (items.size() > MAX_INV_SZ) {
            throw new IllegalArgumentException(command + " with " + items.size() + " items exceeds MAX_INV_SZ " + MAX_INV_SZ);
        }
        PayloadWriter out = new PayloadWriter(9 + items.size() * InventoryItem.LENGTH);
        out.varInt(items.size());
        for (InventoryItem item : items) {
            out.i32(item.type()).bytes(item.hash());
        }
        return BitcoinMessage.wrap(command, out.toByteArray());
    }

    public static List<InventoryItem> decode(String command, byte[] payload) throws BitcoinProtocolException {
        PayloadReader in = new PayloadReader(command, payload);
        int count = in.varInt("count", MAX_INV_SZ);
        List<InventoryItem> items = new ArrayList<>(Math.min(count, in.remaining() / InventoryItem.LENGTH + 1));
        for (int i = 0; i < count; i++) {
            int type = in.i32("item[" + i + "].type");
            items.add(new InventoryItem(type, in.bytes(InventoryItem.HASH_LENGTH, "item[" + i + "].hash")));
        }
        in.end();
        return items;
    }
}
