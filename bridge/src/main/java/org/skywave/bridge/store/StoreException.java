package org.skywave.bridge.store;

import java.io.IOException;

/**
 * The store could not do what was asked: the database file is corrupt, read-only or full, a
 * write was not confirmed, or its schema is unknown. Nothing is reported stored that is not.
 */
public class StoreException extends IOException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
