package org.skywave.bridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.tinylog.Logger;

/**
 * Keeps the writer's WAL file within {@link StoreOptions#walMaxBytes}, and gives back the disk
 * space it holds after a failed write. SQLite checkpoints by itself once the WAL holds half the
 * bound ({@code wal_autocheckpoint}) and cuts the file back to the bound when it starts over
 * ({@code journal_size_limit}); the writer keeps each transaction under a quarter of it
 * ({@link #transactionBudget}). What could still push past the bound (one message larger than
 * the budget, a checkpoint held up) is caught after the commit by a checkpoint that empties the
 * file. See https://www.sqlite.org/wal.html, sections 5 and 6, and https://www.sqlite.org/pragma.html.
 * Used on the writer thread only.
 */
final class WalBound {

    private final Connection connection;
    private final Path wal;
    private final long maxBytes;
    private long largestSeen;

    WalBound(Connection connection, Path databaseFile, long maxBytes) {
        this.connection = connection;
        this.wal = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
        this.maxBytes = maxBytes;
    }

    /** Sets the checkpoint interval and size limit on the writer connection, from the file's page size. */
    void configure() throws SQLException {
        long pageSize;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA page_size")) {
            pageSize = row.next() ? row.getLong(1) : 4096;
        }
        // Each frame is a page plus its 24-byte header.
        long checkpointPages = Math.max(1, maxBytes / 2 / (pageSize + 24));
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = " + checkpointPages);
            statement.execute("PRAGMA journal_size_limit = " + maxBytes);
        }
    }

    /** Payload bytes the writer puts in one transaction: with indexes and page splits, about half the WAL's room. */
    long transactionBudget() {
        return maxBytes / 4;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The largest size of the WAL file seen after a commit since open. */
    long largestSeen() {
        return largestSeen;
    }

    /** After a commit: true if the WAL is past its bound and must be checkpointed now. */
    boolean pastBoundAfterCommit() {
        long size = size();
        largestSeen = Math.max(largestSeen, size);
        if (size > maxBytes) {
            Logger.info("store: WAL {} is {} bytes, past its bound of {}; checkpointing it now", wal, size, maxBytes);
            return true;
        }
        return false;
    }

    /**
     * Copies the WAL into the database and truncates it to nothing, freeing the disk space it
     * held: after a write failed on a full disk, this is what makes room again. True if it ran to
     * the end; a failure (the disk still full, read-only) is only logged, the next try may work.
     * A failed checkpoint may end the connection's transaction: the caller starts a fresh one.
     */
    boolean checkpoint() {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            // Columns: busy (1 if it could not finish), frames in the WAL, frames checkpointed.
            boolean finished = row.next() && row.getInt(1) == 0;
            if (!finished) {
                Logger.debug("store: checkpoint of {} could not finish (a reader holds the WAL)", wal);
            }
            return finished;
        } catch (SQLException e) {
            Logger.debug("store: checkpoint of {} failed: {}", wal, e.getMessage());
            return false;
        }
    }

    /** The WAL file's size now; 0 when it does not exist. */
    long size() {
        try {
            return Files.size(wal);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }
}
