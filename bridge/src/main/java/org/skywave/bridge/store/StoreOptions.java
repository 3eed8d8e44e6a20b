package org.skywave.bridge.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link MessageStore} writes and how large it may grow. {@link #defaults()} is what the
 * daemon uses: synchronous FULL, group commit, 200,000 messages or 256 MiB, a WAL of at most 1 MiB.
 *
 * @param synchronous          SQLite {@code PRAGMA synchronous}: FULL survives a power cut; NORMAL may lose the last commits on one (never on a process kill)
 * @param commitMode           group commit, or one transaction per write (for comparison)
 * @param maxMessages          store-wide bound on queued messages
 * @param maxBytes             store-wide bound on queued payload bytes
 * @param maxBatch             most writes grouped into one transaction
 * @param writeTimeout         how long a caller waits for its commit before it is told the write is not confirmed
 * @param maintenanceInterval  how often expired messages and seen-set entries are purged when idle
 * @param statsLogInterval     how often one line per queue is logged; zero turns it off
 * @param integrityCheckOnOpen run {@code PRAGMA quick_check} at open, so a damaged file is refused at start-up
 * @param walMaxBytes          bound on the WAL file: it is checkpointed at half of this and cut back to it; a
 *                             transaction holds at most a quarter of it, unless one message alone is larger
 * @param clock                time for TTL, backoff and ages
 * @param listener             told of every {@link StoreEvent} after it is committed (the status API); must not block
 */
public record StoreOptions(Synchronous synchronous, CommitMode commitMode, long maxMessages, long maxBytes,
                           int maxBatch, Duration writeTimeout, Duration maintenanceInterval,
                           Duration statsLogInterval, boolean integrityCheckOnOpen, long walMaxBytes, Clock clock,
                           Consumer<StoreEvent> listener) {

    /** SQLite {@code PRAGMA synchronous} levels that keep a WAL database consistent. */
    public enum Synchronous { FULL, NORMAL }

    /** Default {@link #walMaxBytes}: 1 MiB, a few hundred transactions, small beside the smallest SD card. */
    public static final long DEFAULT_WAL_MAX_BYTES = 1024 * 1024;

    /** Smallest {@link #walMaxBytes}: room for a checkpoint interval of a few dozen 1 KiB pages. */
    public static final long MIN_WAL_MAX_BYTES = 64 * 1024;

    public enum CommitMode {
        /** Concurrent writes share one transaction and one fsync (Artemis JDBC journal). */
        GROUP,
        /** Every write is its own transaction. */
        PER_MESSAGE
    }

    public StoreOptions {
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(commitMode, "commitMode");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
        Objects.requireNonNull(statsLogInterval, "statsLogInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages < 1: " + maxMessages);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch < 1: " + maxBatch);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("writeTimeout must be positive: " + writeTimeout);
        }
        if (maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            throw new IllegalArgumentException("maintenanceInterval must be positive: " + maintenanceInterval);
        }
        if (walMaxBytes < MIN_WAL_MAX_BYTES) {
            throw new IllegalArgumentException("walMaxBytes < " + MIN_WAL_MAX_BYTES + ": " + walMaxBytes);
        }
        if (statsLogInterval.isNegative()) {
            throw new IllegalArgumentException("statsLogInterval < 0: " + statsLogInterval);
        }
    }

    public static StoreOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().synchronous(synchronous).commitMode(commitMode).maxMessages(maxMessages)
                .maxBytes(maxBytes).maxBatch(maxBatch).writeTimeout(writeTimeout)
                .maintenanceInterval(maintenanceInterval).statsLogInterval(statsLogInterval)
                .integrityCheckOnOpen(integrityCheckOnOpen).walMaxBytes(walMaxBytes).clock(clock).listener(listener);
    }

    public static final class Builder {
        private Synchronous synchronous = Synchronous.FULL;
        private CommitMode commitMode = CommitMode.GROUP;
        private long maxMessages = 200_000;
        private long maxBytes = 256L * 1024 * 1024;
        // Enough to fill one fsync with a burst of small messages without holding a long transaction.
        private int maxBatch = 256;
        private Duration writeTimeout = Duration.ofSeconds(30);
        private Duration maintenanceInterval = Duration.ofSeconds(60);
        private Duration statsLogInterval = Duration.ofMinutes(10);
        private boolean integrityCheckOnOpen = true;
        private long walMaxBytes = DEFAULT_WAL_MAX_BYTES;
        private Clock clock = Clock.systemUTC();
        private Consumer<StoreEvent> listener = event -> { };

        private Builder() {
        }

        public Builder synchronous(Synchronous synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        public Builder commitMode(CommitMode commitMode) {
            this.commitMode = commitMode;
            return this;
        }

        public Builder maxMessages(long maxMessages) {
            this.maxMessages = maxMessages;
            return this;
        }

        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        public Builder maintenanceInterval(Duration maintenanceInterval) {
            this.maintenanceInterval = maintenanceInterval;
            return this;
        }

        public Builder statsLogInterval(Duration statsLogInterval) {
            this.statsLogInterval = statsLogInterval;
            return this;
        }

        public Builder integrityCheckOnOpen(boolean integrityCheckOnOpen) {
            this.integrityCheckOnOpen = integrityCheckOnOpen;
            return this;
        }

        public Builder walMaxBytes(long walMaxBytes) {
            this.walMaxBytes = walMaxBytes;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder listener(Consumer<StoreEvent> listener) {
            this.listener = listener;
            return this;
        }

        public StoreOptions build() {
            return new StoreOptions(synchronous, commitMode, maxMessages, maxBytes, maxBatch, writeTimeout,
                    maintenanceInterval, statsLogInterval, integrityCheckOnOpen, walMaxBytes, clock, listener);
        }
    }
}
