package org.skywave.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.skywave.bridge.message.MessageId;

/**
 * Reads on their own connection, so they go on while the writer is busy or failing (WAL lets
 * readers and the writer work side by side). Stored rows are not trusted: a row that does not
 * decode is reported back, to be quarantined, and the rows behind it are still read.
 */
final class StoreReader {

    /** A row that could not be turned into a {@link QueuedMessage}. */
    record BadRow(long seq, String error) {
    }

    record Page(List<QueuedMessage> messages, List<BadRow> bad) {
    }

    record Depth(long messages, long bytes, Long oldestEnqueuedAt) {
    }

    private static final String COLUMNS = "seq, id, priority, payload, enqueued_at, expires_at, attempts, repeats, hops";

    private final SqlStatements sql;
    private final StoreMonitor monitor;

    StoreReader(Connection connection, StoreMonitor monitor) {
        this.sql = new SqlStatements(connection);
        this.monitor = monitor;
    }

    /** Ready messages of {@code destination} in send order; bad rows are skipped and listed. */
    synchronized Page peek(String destination, String station, long now, int max) throws StoreException {
        List<QueuedMessage> messages = new ArrayList<>(Math.min(max, 1024));
        List<BadRow> bad = new ArrayList<>();
        Object lastPriority = null;
        long lastSeq = 0;
        try {
            while (messages.size() < max) {
                int limit = max - messages.size();
                PreparedStatement page = sql.get(lastPriority == null
                        ? "SELECT " + COLUMNS + " FROM queued WHERE destination = ? AND station = ?"
                        + " AND next_attempt_at <= ? AND expires_at > ? ORDER BY priority, seq LIMIT ?"
                        : "SELECT " + COLUMNS + " FROM queued WHERE destination = ? AND station = ?"
                        + " AND next_attempt_at <= ? AND expires_at > ? AND (priority > ? OR (priority = ? AND seq > ?))"
                        + " ORDER BY priority, seq LIMIT ?");
                page.setString(1, destination);
                page.setString(2, station);
                page.setLong(3, now);
                page.setLong(4, now);
                if (lastPriority == null) {
                    page.setInt(5, limit);
                } else {
                    page.setObject(5, lastPriority);
                    page.setObject(6, lastPriority);
                    page.setLong(7, lastSeq);
                    page.setInt(8, limit);
                }
                int read = 0;
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        read++;
                        lastSeq = rows.getLong(1);
                        lastPriority = rows.getObject(3);
                        try {
                            messages.add(decode(rows, destination, station));
                        } catch (StoreException e) {
                            bad.add(new BadRow(lastSeq, e.getMessage()));
                        }
                    }
                }
                if (read < limit || lastPriority == null) {
                    break;
                }
            }
        } catch (SQLException e) {
            throw monitor.readFailed(e);
        }
        return new Page(messages, bad);
    }

    synchronized Depth depth(QueueKey queue) throws StoreException {
        try {
            PreparedStatement select = sql.get("SELECT COUNT(*), COALESCE(SUM(size), 0), MIN(enqueued_at)"
                    + " FROM queued WHERE destination = ? AND station = ?");
            select.setString(1, queue.destination());
            select.setString(2, queue.station());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                long oldest = row.getLong(3);
                boolean empty = row.wasNull();
                return new Depth(row.getLong(1), row.getLong(2), empty ? null : oldest);
            }
        } catch (SQLException e) {
            throw monitor.readFailed(e);
        }
    }

    /** The queues that hold at least one row. */
    synchronized List<QueueKey> queues() throws StoreException {
        try {
            List<QueueKey> destinations = new ArrayList<>();
            try (ResultSet rows = sql.get("SELECT DISTINCT destination, station FROM queued ORDER BY destination, station")
                    .executeQuery()) {
                while (rows.next()) {
                    destinations.add(new QueueKey(rows.getString(1), rows.getString(2)));
                }
            }
            return destinations;
        } catch (SQLException e) {
            throw monitor.readFailed(e);
        }
    }

    synchronized boolean queued(QueueKey queue, MessageId id) throws StoreException {
        try {
            PreparedStatement select = sql.get("SELECT 1 FROM queued WHERE destination = ? AND station = ? AND id = ?");
            select.setString(1, queue.destination());
            select.setString(2, queue.station());
            select.setBytes(3, id.toByteArray());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw monitor.readFailed(e);
        }
    }

    /** Where {@code id} stands in {@code destination}'s queue, or null if it is not there. */
    synchronized QueuedStatus status(QueueKey queue, MessageId id) throws StoreException {
        String destination = queue.destination();
        try {
            PreparedStatement select = sql.get("SELECT seq, priority, enqueued_at, expires_at, next_attempt_at, attempts,"
                    + " repeats FROM queued WHERE destination = ? AND station = ? AND id = ?");
            select.setString(1, destination);
            select.setString(2, queue.station());
            select.setBytes(3, id.toByteArray());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                long seq = row.getLong(1);
                long code = integer(row, 2, "priority", seq);
                long enqueuedAt = integer(row, 3, "enqueued_at", seq);
                long expiresAt = integer(row, 4, "expires_at", seq);
                long nextAttemptAt = integer(row, 5, "next_attempt_at", seq);
                long attempts = integer(row, 6, "attempts", seq);
                long repeats = integer(row, 7, "repeats", seq);
                try {
                    return new QueuedStatus(id, destination, Priority.fromCode(code < 0 || code > Integer.MAX_VALUE ? -1 : (int) code),
                            Instant.ofEpochMilli(enqueuedAt), Instant.ofEpochMilli(expiresAt), Instant.ofEpochMilli(nextAttemptAt),
                            Math.toIntExact(attempts), Math.toIntExact(repeats));
                } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
                    throw new StoreException("row " + seq + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw monitor.readFailed(e);
        }
    }

    synchronized boolean seen(MessageId id, long now) throws StoreException {
        try {
            PreparedStatement select = sql.get("SELECT 1 FROM seen WHERE id = ? AND expires_at > ?");
            select.setBytes(1, id.toByteArray());
            select.setLong(2, now);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw monitor.readFailed(e);
        }
    }

    synchronized long quarantined() throws StoreException {
        try (ResultSet row = sql.get("SELECT COUNT(*) FROM quarantine").executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw monitor.readFailed(e);
        }
    }

    synchronized void close() {
        sql.close();
    }

    /** Decodes the current row (columns as {@link #COLUMNS}), checking every field read from disk. */
    private static QueuedMessage decode(ResultSet row, String destination, String station) throws SQLException, StoreException {
        long seq = row.getLong(1);
        Object id = row.getObject(2);
        if (!(id instanceof byte[] idBytes) || idBytes.length != MessageId.LENGTH) {
            throw new StoreException("row " + seq + ": id is not " + MessageId.LENGTH + " bytes (got "
                    + describe(id) + ")");
        }
        long code = integer(row, 3, "priority", seq);
        Priority priority;
        try {
            priority = Priority.fromCode(code < 0 || code > Integer.MAX_VALUE ? -1 : (int) code);
        } catch (StoreException e) {
            throw new StoreException("row " + seq + ": " + e.getMessage().replace("code -1", "code " + code));
        }
        Object payload = row.getObject(4);
        if (!(payload instanceof byte[] payloadBytes)) {
            throw new StoreException("row " + seq + ": payload is not a blob (got " + describe(payload) + ")");
        }
        long enqueuedAt = integer(row, 5, "enqueued_at", seq);
        long expiresAt = integer(row, 6, "expires_at", seq);
        long attempts = integer(row, 7, "attempts", seq);
        long repeats = integer(row, 8, "repeats", seq);
        long hops = integer(row, 9, "hops", seq);
        try {
            return new QueuedMessage(MessageId.of(idBytes), destination, priority, payloadBytes,
                    Instant.ofEpochMilli(enqueuedAt), Instant.ofEpochMilli(expiresAt),
                    Math.toIntExact(attempts), Math.toIntExact(repeats), Math.toIntExact(hops), station);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new StoreException("row " + seq + ": " + e.getMessage());
        }
    }

    private static long integer(ResultSet row, int column, String name, long seq) throws SQLException, StoreException {
        Object value = row.getObject(column);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new StoreException("row " + seq + ": " + name + " is not an integer (got " + describe(value) + ")");
    }

    private static String describe(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return "a " + bytes.length + "-byte blob";
        }
        String text = String.valueOf(value);
        return value.getClass().getSimpleName() + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
