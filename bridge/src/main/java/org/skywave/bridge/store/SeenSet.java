package org.skywave.bridge.store;

import java.time.Instant;
import org.skywave.bridge.message.MessageId;

/**
 * Message ids seen recently, each until its expiry, kept in the store's database so that a
 * restart neither relays old traffic again nor forgets what is in flight.
 */
public interface SeenSet {

    /**
     * Remembers {@code id} until {@code expiresAt}, returning after the commit.
     *
     * @return true if it was not seen (or its earlier entry had expired)
     */
    boolean markSeen(MessageId id, Instant expiresAt) throws StoreException;

    /** Whether {@code id} was seen and its entry has not expired. */
    boolean contains(MessageId id) throws StoreException;

    /** Drops expired entries now; returns how many. */
    int purgeExpired() throws StoreException;
}
