package org.skywave.bridge.store;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The storage faults of {@link StoreFaultTest}, for tests of what sits on top of the store (the
 * station): commits that fail on demand, a database that refuses writes, a seen-set that forgets.
 */
public final class StoreFaults {

    private StoreFaults() {
    }

    /** Opens {@code file} with a writer whose commit fails (as a failed fsync would) while {@code fail} is set. */
    public static MessageStore openWithFailingCommits(Path file, StoreOptions options, AtomicBoolean fail)
            throws StoreException {
        return MessageStore.open(file, options, connection -> StoreFaultTest.failingCommits(connection, fail));
    }

    /**
     * Empties the seen-set, as if every entry had expired or the station had started on a new
     * file: a station that forgets, for tests of what bounds a message circling without it.
     */
    public static int forgetSeen(MessageStore store) throws StoreException {
        return store.runOnWriter(batch -> {
            try (Statement statement = batch.sql().connection().createStatement()) {
                return statement.executeUpdate("DELETE FROM seen");
            }
        });
    }

    /** Makes SQLite itself refuse every write with SQLITE_READONLY ({@code PRAGMA query_only}), or write again. */
    public static void readOnly(MessageStore store, boolean readOnly) throws StoreException {
        store.runOnWriter(batch -> {
            try (Statement statement = batch.sql().connection().createStatement()) {
                statement.execute("PRAGMA query_only = " + (readOnly ? "ON" : "OFF"));
            }
            return null;
        });
    }
}
