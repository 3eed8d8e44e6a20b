package org.skywave.bridge.compact;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The script items of one transaction seen so far, so that a repeated one (the same public key or
 * redeem script in every input of a consolidation) goes as a back-reference. Encoder and decoder
 * remember the same items: those of at least {@link #MIN_BYTES} bytes that are not signatures.
 */
final class ItemHistory {

    /** Shorter items cost about as much as a reference to them. */
    static final int MIN_BYTES = 20;

    private final List<byte[]> items = new ArrayList<>();
    private final Map<ByteBuffer, Integer> lastIndex = new HashMap<>();

    /** How many items back {@code item} was last remembered (0 for the latest), or -1. */
    int distanceTo(byte[] item) {
        Integer index = lastIndex.get(ByteBuffer.wrap(item));
        return index == null ? -1 : items.size() - 1 - index;
    }

    /** The item {@code distance} back; null when there are not that many. */
    byte[] back(long distance) {
        return distance < items.size() ? items.get((int) (items.size() - 1 - distance)) : null;
    }

    void remember(byte[] item) {
        if (item.length >= MIN_BYTES) {
            lastIndex.put(ByteBuffer.wrap(item), items.size());
            items.add(item);
        }
    }
}
