package org.skywave.bridge.store;

/**
 * A message was refused because the store is at its size limit and nothing ranked below it may
 * be evicted (see {@link MessageQueue} for the eviction order). The store itself is healthy.
 */
public final class StoreFullException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
