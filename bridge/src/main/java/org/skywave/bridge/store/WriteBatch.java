package org.skywave.bridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.skywave.bridge.message.MessageId;

/**
 * The writes of one transaction and what they will change in memory once it commits: the
 * working totals, the events to log and the counters to bump. Used on the writer thread only.
 */
final class WriteBatch {

    /** Where an operation started, so a failed one can be undone in memory as in SQL. */
    record Mark(long messages, long bytes, int events, int retries, int departures) {
    }

    /** How many rows one statement looks at when picking victims or expired rows. */
    private static final int PAGE = 256;

    private final SqlStatements sql;
    private final StoreOptions options;
    private final StoreTotals totals;
    private final StoreMonitor monitor;
    private final long now;
    private long messages;
    private long bytes;
    private final List<StoreEvent> events = new ArrayList<>();
    private final List<String> retries = new ArrayList<>();
    private final List<Departure> departures = new ArrayList<>();

    WriteBatch(SqlStatements sql, StoreOptions options, StoreTotals totals, StoreMonitor monitor, long now) {
        this.sql = sql;
        this.options = options;
        this.totals = totals;
        this.monitor = monitor;
        this.now = now;
        this.messages = totals.messages;
        this.bytes = totals.bytes;
    }

    long now() {
        return now;
    }

    SqlStatements sql() {
        return sql;
    }

    Mark mark() {
        return new Mark(messages, bytes, events.size(), retries.size(), departures.size());
    }

    void reset(Mark mark) {
        messages = mark.messages();
        bytes = mark.bytes();
        events.subList(mark.events(), events.size()).clear();
        retries.subList(mark.retries(), retries.size()).clear();
        departures.subList(mark.departures(), departures.size()).clear();
    }

    /** The transaction committed: make its effects visible. */
    void committed() {
        totals.messages = messages;
        totals.bytes = bytes;
        for (String destination : retries) {
            monitor.counters(destination).retries.incrementAndGet();
        }
        departures.forEach(monitor::departed);
        events.forEach(monitor::emit);
    }

    /** Inserts {@code message}, evicting by the documented order if the store is full; false if a duplicate. */
    boolean offer(QueuedMessage message) throws SQLException, StoreFullException {
        byte[] id = message.id().toByteArray();
        PreparedStatement exists = sql.get("SELECT 1 FROM queued WHERE destination = ? AND station = ? AND id = ?");
        exists.setString(1, message.destination());
        exists.setString(2, message.station());
        exists.setBytes(3, id);
        try (ResultSet row = exists.executeQuery()) {
            if (row.next()) {
                return false;
            }
        }
        makeRoom(message);
        PreparedStatement insert = sql.get("INSERT INTO queued (destination, id, priority, payload, size, enqueued_at,"
                + " expires_at, next_attempt_at, attempts, repeats, hops, station) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, message.destination());
        insert.setBytes(2, id);
        insert.setInt(3, message.priority().code());
        insert.setBytes(4, message.payload());
        insert.setInt(5, message.size());
        insert.setLong(6, message.enqueuedAt().toEpochMilli());
        insert.setLong(7, message.expiresAt().toEpochMilli());
        insert.setLong(8, now);
        insert.setInt(9, message.attempts());
        insert.setInt(10, message.repeats());
        insert.setInt(11, message.hops());
        insert.setString(12, message.station());
        insert.executeUpdate();
        messages++;
        bytes += message.size();
        return true;
    }

    private record Victim(long seq, String destination, byte[] id, Object priority, long size, long attempts) {
    }

    private void makeRoom(QueuedMessage message) throws SQLException, StoreFullException {
        long size = message.size();
        if (size > options.maxBytes()) {
            throw reject(message, "message of " + size + " bytes exceeds the store limit of " + options.maxBytes() + " bytes");
        }
        long needMessages = messages + 1 - options.maxMessages();
        long needBytes = bytes + size - options.maxBytes();
        if (needMessages <= 0 && needBytes <= 0) {
            return;
        }
        String full = "store full (" + messages + "/" + options.maxMessages() + " messages, " + bytes + "/"
                + options.maxBytes() + " bytes)";
        // Candidates: CONTROL never; only classes ranked at or below the new message; lowest class, then oldest.
        List<Victim> victims = new ArrayList<>();
        long freedMessages = 0;
        long freedBytes = 0;
        Object lastPriority = Integer.MAX_VALUE;
        long lastSeq = Long.MIN_VALUE;
        boolean first = true;
        while (freedMessages < needMessages || freedBytes < needBytes) {
            PreparedStatement page = sql.get(first
                    ? "SELECT seq, destination, id, priority, size, attempts, station FROM queued WHERE priority > 0 AND priority >= ?"
                    + " ORDER BY priority DESC, seq LIMIT " + PAGE
                    : "SELECT seq, destination, id, priority, size, attempts, station FROM queued WHERE priority > 0 AND priority >= ?"
                    + " AND (priority < ? OR (priority = ? AND seq > ?)) ORDER BY priority DESC, seq LIMIT " + PAGE);
            page.setInt(1, message.priority().code());
            if (!first) {
                page.setObject(2, lastPriority);
                page.setObject(3, lastPriority);
                page.setLong(4, lastSeq);
            }
            int read = 0;
            try (ResultSet rows = page.executeQuery()) {
                while (rows.next() && (freedMessages < needMessages || freedBytes < needBytes)) {
                    read++;
                    Victim victim = new Victim(rows.getLong(1),
                            QueuedMessage.queueName(rows.getString(2), rows.getString(7)), rows.getBytes(3), rows.getObject(4),
                            rows.getLong(5), rows.getLong(6));
                    victims.add(victim);
                    freedMessages++;
                    freedBytes += victim.size();
                    lastPriority = victim.priority();
                    lastSeq = victim.seq();
                }
            }
            first = false;
            if (read < PAGE) {
                break;
            }
        }
        if (freedMessages < needMessages || freedBytes < needBytes) {
            throw reject(message, full + ", and only " + victims.size() + " message(s) of priority "
                    + message.priority() + " or lower could go (" + freedBytes + " bytes)");
        }
        PreparedStatement delete = sql.get("DELETE FROM queued WHERE seq = ?");
        for (Victim victim : victims) {
            delete.setLong(1, victim.seq());
            delete.executeUpdate();
            messages--;
            bytes -= victim.size();
            departed(victim.id(), victim.destination(), Departure.Reason.EVICTED, victim.attempts());
            events.add(new StoreEvent(StoreEvent.Kind.EVICTED, victim.destination(), idText(victim.id()),
                    full + ": lowest priority then oldest (priority code " + victim.priority() + ", " + victim.size()
                            + " bytes) gives way to " + message.id().hex() + " (" + message.priority() + ") for "
                            + message.queueName()));
        }
    }

    private StoreFullException reject(QueuedMessage message, String reason) {
        // Nothing was written, so the refusal is reported now rather than at commit.
        monitor.emit(new StoreEvent(StoreEvent.Kind.REJECTED, message.queueName(), message.id().hex(), reason));
        return new StoreFullException("message " + message.id().hex() + " for " + message.queueName()
                + " refused: " + reason);
    }

    /** Removes an acknowledged message; false if it was not queued. */
    boolean delete(QueueKey queue, MessageId id) throws SQLException {
        RowRef row = find(queue, id);
        if (row == null) {
            return false;
        }
        deleteRow(row.seq(), row.size());
        departures.add(new Departure(id, queue.name(), Departure.Reason.ACKNOWLEDGED, Instant.ofEpochMilli(now),
                (int) Math.min(Integer.MAX_VALUE, row.attempts())));
        return true;
    }

    boolean retryLater(QueueKey queue, MessageId id, long delayMillis) throws SQLException {
        PreparedStatement update = sql.get("UPDATE queued SET attempts = attempts + 1, next_attempt_at = ?"
                + " WHERE destination = ? AND station = ? AND id = ?");
        update.setLong(1, now + delayMillis);
        update.setString(2, queue.destination());
        update.setString(3, queue.station());
        update.setBytes(4, id.toByteArray());
        boolean found = update.executeUpdate() > 0;
        if (found) {
            retries.add(queue.name());
        }
        return found;
    }

    boolean markSent(QueueKey queue, MessageId id, long delayMillis) throws SQLException {
        PreparedStatement select = sql.get("SELECT seq, attempts, repeats, size FROM queued WHERE destination = ?"
                + " AND station = ? AND id = ?");
        select.setString(1, queue.destination());
        select.setString(2, queue.station());
        select.setBytes(3, id.toByteArray());
        long seq;
        long attempts;
        long repeats;
        long size;
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return false;
            }
            seq = row.getLong(1);
            attempts = row.getLong(2) + 1;
            repeats = row.getLong(3);
            size = row.getLong(4);
        }
        if (attempts >= repeats) {
            deleteRow(seq, size);
            departures.add(new Departure(id, queue.name(), Departure.Reason.REPEATS_SENT, Instant.ofEpochMilli(now),
                    (int) Math.min(Integer.MAX_VALUE, attempts)));
        } else {
            PreparedStatement update = sql.get("UPDATE queued SET attempts = ?, next_attempt_at = ? WHERE seq = ?");
            update.setLong(1, attempts);
            update.setLong(2, now + delayMillis);
            update.setLong(3, seq);
            update.executeUpdate();
        }
        return true;
    }

    boolean quarantine(QueueKey queue, MessageId id, String error) throws SQLException {
        RowRef row = find(queue, id);
        return row != null && quarantineRow(row.seq(), error);
    }

    /** Moves row {@code seq}, whatever it holds, to the quarantine table with {@code error}. */
    boolean quarantineRow(long seq, String error) throws SQLException {
        PreparedStatement select = sql.get("SELECT destination, id, size, attempts, station FROM queued WHERE seq = ?");
        select.setLong(1, seq);
        String destination;
        String id;
        long size;
        Object rawId;
        Object attempts;
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return false;
            }
            destination = QueuedMessage.queueName(String.valueOf(row.getObject(1)), String.valueOf(row.getObject(5)));
            rawId = row.getObject(2);
            id = rawId instanceof byte[] bytes ? idText(bytes) : "<id is " + rawId + ">";
            size = row.getLong(3);
            attempts = row.getObject(4);
        }
        PreparedStatement copy = sql.get("INSERT INTO quarantine (destination, id, priority, payload, enqueued_at,"
                + " expires_at, attempts, repeats, hops, station, error, quarantined_at) SELECT destination, id, priority, payload,"
                + " enqueued_at, expires_at, attempts, repeats, hops, station, ?, ? FROM queued WHERE seq = ?");
        copy.setString(1, error);
        copy.setLong(2, now);
        copy.setLong(3, seq);
        copy.executeUpdate();
        deleteRow(seq, size);
        // A row is quarantined because something in it is unusable: remember it only if its id is not.
        departed(rawId instanceof byte[] bytes ? bytes : null, destination, Departure.Reason.QUARANTINED,
                attempts instanceof Integer || attempts instanceof Long ? ((Number) attempts).longValue() : 0);
        events.add(new StoreEvent(StoreEvent.Kind.QUARANTINED, destination, id, error + " (row " + seq + ")"));
        return true;
    }

    /** Drops expired messages of {@code queue}, or of every queue when null. */
    int purgeExpired(QueueKey queue) throws SQLException {
        int purged = 0;
        while (true) {
            PreparedStatement select = sql.get(queue == null
                    ? "SELECT seq, destination, id, size, expires_at, attempts, station FROM queued WHERE expires_at <= ?"
                    + " ORDER BY expires_at LIMIT " + PAGE
                    : "SELECT seq, destination, id, size, expires_at, attempts, station FROM queued WHERE expires_at <= ?"
                    + " AND destination = ? AND station = ? ORDER BY expires_at LIMIT " + PAGE);
            select.setLong(1, now);
            if (queue != null) {
                select.setString(2, queue.destination());
                select.setString(3, queue.station());
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Object[] {row.getLong(1), QueuedMessage.queueName(row.getString(2), row.getString(7)),
                            row.getBytes(3), row.getLong(4),
                            row.getLong(5), row.getLong(6)});
                }
            }
            for (Object[] row : rows) {
                deleteRow((Long) row[0], (Long) row[3]);
                departed((byte[]) row[2], (String) row[1], Departure.Reason.EXPIRED, (Long) row[5]);
                events.add(new StoreEvent(StoreEvent.Kind.EXPIRED, (String) row[1], idText((byte[]) row[2]),
                        "time-to-live ended at " + Instant.ofEpochMilli((Long) row[4]) + " after " + row[5]
                                + " attempt(s)"));
            }
            purged += rows.size();
            if (rows.size() < PAGE) {
                return purged;
            }
        }
    }

    /** True if {@code id} was not seen or its entry had expired; either way it is now seen until {@code expiresAt}. */
    boolean markSeen(MessageId id, long expiresAt) throws SQLException {
        byte[] bytes = id.toByteArray();
        PreparedStatement select = sql.get("SELECT expires_at FROM seen WHERE id = ?");
        select.setBytes(1, bytes);
        boolean fresh;
        try (ResultSet row = select.executeQuery()) {
            fresh = !row.next() || row.getLong(1) <= now;
        }
        PreparedStatement upsert = sql.get("INSERT INTO seen (id, expires_at) VALUES (?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET expires_at = MAX(expires_at, excluded.expires_at)");
        upsert.setBytes(1, bytes);
        upsert.setLong(2, expiresAt);
        upsert.executeUpdate();
        return fresh;
    }

    int purgeSeen() throws SQLException {
        PreparedStatement delete = sql.get("DELETE FROM seen WHERE expires_at <= ?");
        delete.setLong(1, now);
        return delete.executeUpdate();
    }

    private record RowRef(long seq, long size, long attempts) {
    }

    private RowRef find(QueueKey queue, MessageId id) throws SQLException {
        PreparedStatement select = sql.get("SELECT seq, size, attempts FROM queued WHERE destination = ? AND station = ?"
                + " AND id = ?");
        select.setString(1, queue.destination());
        select.setString(2, queue.station());
        select.setBytes(3, id.toByteArray());
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? new RowRef(row.getLong(1), row.getLong(2), row.getLong(3)) : null;
        }
    }

    /** Notes a departure from a row read back from disk; a row whose id or destination is unusable is not remembered. */
    private void departed(byte[] id, String destination, Departure.Reason reason, long attempts) {
        if (id == null || id.length != MessageId.LENGTH || destination == null || destination.isEmpty()) {
            return;
        }
        departures.add(new Departure(MessageId.of(id), destination, reason, Instant.ofEpochMilli(now),
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, attempts))));
    }

    private void deleteRow(long seq, long size) throws SQLException {
        PreparedStatement delete = sql.get("DELETE FROM queued WHERE seq = ?");
        delete.setLong(1, seq);
        if (delete.executeUpdate() > 0) {
            messages--;
            bytes -= size;
        }
    }

    static String idText(byte[] id) {
        if (id == null) {
            return "<no id>";
        }
        return id.length == MessageId.LENGTH ? HexFormat.of().formatHex(id)
                : "<" + id.length + "-byte id " + HexFormat.of().formatHex(id, 0, Math.min(id.length, 32)) + ">";
    }
}
