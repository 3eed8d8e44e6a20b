package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the previous release (schema version 1, built here from its own script on a
 * real SQLite file) opens as version 2: every queued row is kept as it was, with hop count 0, and
 * the hop count is stored from then on, in the queue and in quarantine.
 */
class SchemaMigrationTest {

    private static final String DEST = "ax25-1";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
    private final TestMessages messages = new TestMessages(0x5eed_0a02L, clock);

    private StoreOptions options() {
        return StoreOptions.builder().clock(clock).listener(events::add)
                .maintenanceInterval(Duration.ofHours(1)).statsLogInterval(Duration.ZERO).build();
    }

    @Test
    void migrationSaysWhatItCarriesOverWhereItIsAndWhenItIsDone() throws Exception {
        Path file = dir.resolve("v1-large.db");
        List<String> progress = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            createVersionOne(c);
            c.setAutoCommit(false);
            for (int i = 0; i < 2_000; i++) {
                insertVersionOneRow(c, messages.message(DEST, Priority.TX), 0);
            }
            c.commit();
            // Interval zero and frequent looks: every look reports, as a long migration would every few seconds.
            assertEquals(SchemaMigrator.LATEST,
                    SchemaMigrator.migrate(c, file, clock.millis(), progress::add, Duration.ZERO, 1_000));
        }
        assertEquals("store: migrating " + file + " from schema v1 to v" + SchemaMigrator.LATEST
                + ": 2000 queued message(s) to carry over; do not stop the station meanwhile", progress.get(0));
        assertTrue(progress.stream().anyMatch(line -> line.startsWith("store: still migrating " + file + ": schema v3, statement ")),
                "the copy of the queue table reports where it is: " + progress.get(1));
        assertTrue(progress.get(progress.size() - 1).matches("store: migrated .* to schema v" + SchemaMigrator.LATEST
                + " in \\d+ ms"), progress.get(progress.size() - 1));
        assertEquals(SchemaMigrator.LATEST, versions(file).size());
    }

    @Test
    void aNewStoreIsCreatedWithoutMigrationLines() throws Exception {
        List<String> progress = new ArrayList<>();
        Path file = dir.resolve("new.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            assertEquals(SchemaMigrator.LATEST,
                    SchemaMigrator.migrate(c, file, clock.millis(), progress::add, Duration.ZERO, 1_000));
        }
        assertTrue(progress.stream().noneMatch(line -> line.startsWith("store: migrat")), progress.toString());
    }

    @Test
    void versionOneStoreMigratesKeepingItsRowsWithHopCountZero() throws Exception {
        Path file = dir.resolve("v1.db");
        QueuedMessage tx = messages.message(DEST, Priority.TX);
        QueuedMessage block = messages.message(DEST, Priority.BLOCK).withRepeats(3);
        QueuedMessage other = messages.message("vara-1", Priority.HEADERS);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            createVersionOne(c);
            insertVersionOneRow(c, tx, 2);
            insertVersionOneRow(c, block, 0);
            insertVersionOneRow(c, other, 0);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO seen (id, expires_at) VALUES (x'" + tx.id().hex() + "', "
                        + clock.instant().plusSeconds(3600).toEpochMilli() + ")");
            }
        }
        assertEquals(List.of("attempts", "destination", "enqueued_at", "expires_at", "id", "next_attempt_at", "payload",
                "priority", "repeats", "seq", "size"), columns(file, "queued"), "a genuine version 1 table");

        try (MessageStore store = MessageStore.open(file, options())) {
            assertEquals(SchemaMigrator.LATEST, store.schemaVersion());
            QueuedMessage retried = new QueuedMessage(tx.id(), DEST, tx.priority(), tx.payload(), tx.enqueuedAt(),
                    tx.expiresAt(), 2, 1, 0);
            assertEquals(List.of(retried, block), store.queue(DEST).peek(10), "rows kept field for field, hop count 0");
            assertEquals(List.of(other), store.queue("vara-1").peek(10));
            assertTrue(store.seenSet().contains(tx.id()), "the seen-set is kept");
            assertEquals(0, store.quarantined());

            QueuedMessage relayed = messages.message(DEST, Priority.TX).withHops(3);
            assertTrue(store.queue(DEST).offer(relayed));
        }
        assertEquals(List.of(1, 2, 3, 4), versions(file));
        assertTrue(columns(file, "queued").contains("hops"));
        assertTrue(columns(file, "quarantine").contains("hops"));
        assertEquals(List.of("queued_eviction_order", "queued_send_order", "sqlite_autoindex_queued_1"),
                indexes(file, "queued"), "version 3: no expiry index");
        assertEquals(List.of(), indexes(file, "seen"), "seen is WITHOUT ROWID: its key is the table");
        assertFalse(tableSql(file, "queued").contains("AUTOINCREMENT"), "version 3: no sqlite_sequence row to rewrite per insert");

        // Opened again: already at the latest version, nothing applied twice, the hop count read back from disk.
        try (MessageStore store = MessageStore.open(file, options())) {
            assertEquals(SchemaMigrator.LATEST, store.schemaVersion());
            List<Integer> hops = store.queue(DEST).peek(10).stream().map(QueuedMessage::hops).toList();
            assertEquals(List.of(0, 3, 0), hops, "TX rows first, then the block");
            QueuedMessage last = messages.message(DEST, Priority.TX);
            assertTrue(store.queue(DEST).offer(last));
            assertEquals(last, store.queue(DEST).peek(10).get(2), "a new row comes after every row kept");
        }
        assertEquals(List.of(1, 2, 3, 4), versions(file));
    }

    @Test
    void newFileHasSmallPagesAndOldFilesKeepTheirs() throws Exception {
        Path file = dir.resolve("new.db");
        MessageStore.open(file, options()).close();
        assertEquals(MessageStore.PAGE_SIZE, pageSize(file));

        Path old = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            createVersionOne(c);
        }
        MessageStore.open(old, options()).close();
        assertEquals(4096, pageSize(old), "changing it would mean rewriting the whole file");
    }

    private static long pageSize(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("PRAGMA page_size")) {
            return row.getLong(1);
        }
    }

    private static List<String> indexes(Path file, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '"
                     + table + "' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String tableSql(Path file, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            return row.getString(1);
        }
    }

    @Test
    void hopCountGoesToQuarantineWithItsRowAndAnImpossibleOneIsQuarantined() throws Exception {
        Path file = dir.resolve("store.db");
        try (MessageStore store = MessageStore.open(file, options())) {
            MessageQueue queue = store.queue(DEST);
            QueuedMessage relayed = messages.message(DEST, Priority.TX).withHops(4);
            queue.offer(relayed);
            queue.quarantine(relayed.id(), "test: payload does not decode");
            // A row no release writes, put there behind the store's back.
            QueuedMessage next = messages.message(DEST, Priority.TX);
            queue.offer(next);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 PreparedStatement update = c.prepareStatement("UPDATE queued SET hops = 256 WHERE id = ?")) {
                update.setBytes(1, next.id().toByteArray());
                assertEquals(1, update.executeUpdate());
            }
            QueuedMessage behind = messages.message(DEST, Priority.TX).withHops(1);
            queue.offer(behind);
            assertEquals(List.of(behind), queue.peek(10), "the bad row is skipped, the one behind it still comes");
            assertEquals(2, store.quarantined());
            List<String> reasons = events.stream().filter(e -> e.kind() == StoreEvent.Kind.QUARANTINED)
                    .map(StoreEvent::reason).toList();
            assertTrue(reasons.get(1).contains("hops not in 0..255: 256"), reasons.toString());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT hops FROM quarantine ORDER BY qseq")) {
            List<Integer> hops = new ArrayList<>();
            while (rows.next()) {
                hops.add(rows.getInt(1));
            }
            assertEquals(List.of(4, 256), hops);
        }
    }

    /** What release 1 did on a new file: its script, then the version row. */
    private static void createVersionOne(Connection c) throws SQLException, IOException {
        createVersion(c, 1);
    }

    /** What the release with schema {@code version} left on a new file: scripts 1..version, each with its version row. */
    private static void createVersion(Connection c, int version) throws SQLException, IOException {
        for (int v = 1; v <= version; v++) {
            String script;
            try (InputStream in = SchemaMigrationTest.class.getClassLoader()
                    .getResourceAsStream("store/schema-v" + v + ".sql")) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            try (Statement s = c.createStatement()) {
                for (String sql : SchemaMigrator.statements(script)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + v + ", 0)");
            }
        }
    }

    /**
     * A version 3 store (the release before far stations) opens as version 4: every row is kept
     * as it was, for whoever is on its link; the same id may then wait once per far station, and
     * the table has the same three b-trees as before (write economy), not one more.
     */
    @Test
    void versionThreeStoreMigratesKeepingItsRowsForWhoeverIsOnTheLink() throws Exception {
        Path file = dir.resolve("v3.db");
        QueuedMessage tx = messages.message(DEST, Priority.TX).withHops(2);
        QueuedMessage block = messages.message("vara-1", Priority.BLOCK);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            createVersion(c, 3);
            for (QueuedMessage m : List.of(tx, block)) {
                insertVersionOneRow(c, m, 0);
                try (PreparedStatement hops = c.prepareStatement("UPDATE queued SET hops = ? WHERE id = ?")) {
                    hops.setInt(1, m.hops());
                    hops.setBytes(2, m.id().toByteArray());
                    hops.executeUpdate();
                }
            }
        }
        assertFalse(columns(file, "queued").contains("station"), "a genuine version 3 table");
        List<String> indexesBefore = indexes(file, "queued");

        try (MessageStore store = MessageStore.open(file, options())) {
            assertEquals(4, store.schemaVersion());
            assertEquals(List.of(tx), store.queue(DEST).peek(10), "kept field for field, for whoever is on the link");
            assertEquals(List.of(block), store.queue("vara-1").peek(10));
            assertEquals(List.of(), store.queue("vara-1", "K1ABC-1").peek(10));
            QueuedMessage forB = block.withStation("K1ABC-1");
            assertTrue(store.queue("vara-1", "K1ABC-1").offer(forB), "the same id, once more, for one far station");
            assertFalse(store.queue("vara-1", "K1ABC-1").offer(forB), "but only once per station");
            store.queue("vara-1", "K1ABC-1").quarantine(forB.id(), "test: unusable");
            assertEquals(List.of(block), store.queue("vara-1").peek(10), "the link-wide row is untouched");
        }
        assertEquals(List.of(1, 2, 3, 4), versions(file));
        assertTrue(columns(file, "queued").contains("station"));
        assertEquals(indexesBefore, indexes(file, "queued"), "the same indexes by name and number");
        assertTrue(indexSql(file, "queued_send_order").contains("(destination, station, priority, seq)"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT destination, station FROM quarantine")) {
            assertTrue(row.next());
            assertEquals("vara-1", row.getString(1));
            assertEquals("K1ABC-1", row.getString(2), "quarantine keeps the far station");
        }
    }

    private static String indexSql(Path file, String index) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '" + index + "'")) {
            return row.getString(1);
        }
    }

    private void insertVersionOneRow(Connection c, QueuedMessage m, int attempts) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO queued (destination, id, priority, payload, size,"
                + " enqueued_at, expires_at, next_attempt_at, attempts, repeats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, m.destination());
            insert.setBytes(2, m.id().toByteArray());
            insert.setInt(3, m.priority().code());
            insert.setBytes(4, m.payload());
            insert.setInt(5, m.size());
            insert.setLong(6, m.enqueuedAt().toEpochMilli());
            insert.setLong(7, m.expiresAt().toEpochMilli());
            insert.setLong(8, clock.millis());
            insert.setInt(9, attempts);
            insert.setInt(10, m.repeats());
            insert.executeUpdate();
        }
    }

    private static List<String> columns(Path file, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "') ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static List<Integer> versions(Path file) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }
}
