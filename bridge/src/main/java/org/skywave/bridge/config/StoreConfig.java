package org.skywave.bridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.bridge.store.StoreOptions.Synchronous;

/**
 * The {@code [store]} section: the durable queue.
 *
 * @param file         the SQLite database, already resolved against the station's data directory
 * @param synchronous  SQLite's {@code PRAGMA synchronous}
 * @param maxMessages  bound on queued messages (all destinations), above zero
 * @param maxBytes     bound on queued payload bytes, above zero
 * @param ttl          default time to live of a queued message, positive
 * @param walMaxBytes  bound on the SQLite WAL file, at least {@link StoreOptions#MIN_WAL_MAX_BYTES}
 */
public record StoreConfig(Path file, Synchronous synchronous, long maxMessages, long maxBytes, Duration ttl,
                          long walMaxBytes) {

    public static final String DEFAULT_FILE = "skywave.db";
    public static final long DEFAULT_MAX_MESSAGES = 100_000;
    /** 64 MiB: a day of busy 1200 bit/s traffic many times over, small beside an SD card. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);


    public StoreConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(ttl, "ttl");
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages < 1: " + maxMessages);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl not positive: " + ttl);
        }
        if (walMaxBytes < StoreOptions.MIN_WAL_MAX_BYTES) {
            throw new IllegalArgumentException("walMaxBytes < " + StoreOptions.MIN_WAL_MAX_BYTES + ": " + walMaxBytes);
        }
    }

    /** The defaults, with the database in {@code dataDir}. */
    public static StoreConfig defaults(Path dataDir) {
        return new StoreConfig(dataDir.resolve(DEFAULT_FILE), Synchronous.FULL, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_BYTES, DEFAULT_TTL,
                StoreOptions.DEFAULT_WAL_MAX_BYTES);
    }
}
