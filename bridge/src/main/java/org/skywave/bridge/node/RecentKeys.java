package org.skywave.bridge.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set of the most recent keys (transaction ids a node already announced, say), forgetting the
 * oldest beyond a fixed count so that a chatty node cannot grow it without bound.
 */
public final class RecentKeys {

    private final Map<String, Boolean> keys;

    public RecentKeys(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max < 1: " + max);
        }
        this.keys = new LinkedHashMap<>(256, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > max;
            }
        };
    }

    /** Remembers {@code key}; true if it was not there yet. */
    public boolean add(String key) {
        return keys.put(key, Boolean.TRUE) == null;
    }

    public boolean contains(String key) {
        return keys.containsKey(key);
    }

    /** Forgets {@code key}; true if it was there. */
    public boolean remove(String key) {
        return keys.remove(key) != null;
    }

    public void clear() {
        keys.clear();
    }

    public int size() {
        return keys.size();
    }
}
