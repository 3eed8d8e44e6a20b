package org.skywave.bridge.store;

import java.time.Instant;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/** The seen-set in the store's {@code seen} table, written through the group-commit writer. */
final class SqliteSeenSet implements SeenSet {

    private final MessageStore store;

    SqliteSeenSet(MessageStore store) {
        this.store = store;
    }

    @Override
    public boolean markSeen(MessageId id, Instant expiresAt) throws StoreException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
        store.checkOpen();
        return store.writer().execute(batch -> batch.markSeen(id, expiresAt.toEpochMilli()));
    }

    @Override
    public boolean contains(MessageId id) throws StoreException {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return store.reader().seen(id, store.clock().millis());
    }

    @Override
    public int purgeExpired() throws StoreException {
        store.checkOpen();
        return store.writer().execute(WriteBatch::purgeSeen);
    }
}
