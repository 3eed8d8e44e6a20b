package org.skywave.bridge.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the store can take writes, and if not why. Reads of what is stored keep working in
 * every state where SQLite allows them.
 *
 * @param status what writes do now
 * @param reason the SQLite error (with the file) that caused it; empty when healthy
 * @param since  when the store entered this status
 */
public record StoreHealth(Status status, String reason, Instant since) {

    public enum Status {
        /** Writes commit. */
        HEALTHY,
        /** The last write failed (read-only file, disk full, I/O error); each new write is tried and fails until the cause clears. */
        WRITES_FAILING,
        /** The database is corrupt: writes are refused without touching the file until the store is reopened. */
        WRITES_STOPPED
    }

    public StoreHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    public boolean healthy() {
        return status == Status.HEALTHY;
    }
}
