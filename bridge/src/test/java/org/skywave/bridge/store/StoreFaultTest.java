package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Storage faults: a failing commit (Tape's testFailedAdd), a read-only database, a full disk,
 * damaged files and unusable rows. In each case nothing accepted is lost, nothing is reported
 * stored that is not, reads go on, and the store says why in its health.
 */
class StoreFaultTest {

    private static final String DEST = "ax25-1";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
    private final TestMessages messages = new TestMessages(0x5eed_fa17L, clock);
    private final List<MessageStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(MessageStore::close);
    }

    private StoreOptions options() {
        return StoreOptions.builder().clock(clock).listener(events::add)
                .maintenanceInterval(Duration.ofHours(1)).statsLogInterval(Duration.ZERO).build();
    }

    private Path file() {
        return dir.resolve("store.db");
    }

    private MessageStore open(java.util.function.UnaryOperator<Connection> wrapper) throws StoreException {
        MessageStore store = MessageStore.open(file(), options(), wrapper);
        stores.add(store);
        return store;
    }

    /** A connection whose commit fails while {@code fail} is set, rolling nothing forward (as a failed fsync would). */
    static Connection failingCommits(Connection real, AtomicBoolean fail) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && fail.get()) {
                        throw new SQLException("injected: disk I/O error at commit");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private List<StoreEvent> events(StoreEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void failedCommitLeavesEarlierStateIntactAndTheNextOfferWorks() throws Exception {
        AtomicBoolean fail = new AtomicBoolean();
        MessageStore store = open(c -> failingCommits(c, fail));
        MessageQueue queue = store.queue(DEST);
        QueuedMessage a = messages.message(DEST, Priority.TX);
        QueuedMessage b = messages.message(DEST, Priority.TX);
        QueuedMessage c = messages.message(DEST, Priority.TX);
        queue.offer(a);
        queue.offer(b);

        fail.set(true);
        StoreException e = assertThrows(StoreException.class, () -> queue.offer(c));
        assertTrue(e.getMessage().contains("injected: disk I/O error at commit") && e.getMessage().contains(file().toString())
                && e.getMessage().contains("nothing of the 1 write(s)"), e.getMessage());
        assertThrows(StoreException.class, () -> queue.ack(a.id()));
        assertEquals(StoreHealth.Status.WRITES_FAILING, store.health().status());
        assertTrue(store.health().reason().contains("injected"), store.health().reason());
        assertEquals(1, events(StoreEvent.Kind.WRITES_FAILING).size(), "one log line per change, not per failed write");
        assertEquals(List.of(a, b), queue.peek(10), "reads go on; the failed offer and ack changed nothing");
        assertFalse(queue.contains(c.id()));

        fail.set(false);
        assertTrue(queue.offer(c));
        assertTrue(store.health().healthy());
        assertEquals(1, events(StoreEvent.Kind.WRITES_RECOVERED).size());
        store.close();

        MessageStore reopened = open(java.util.function.UnaryOperator.identity());
        assertEquals(List.of(a, b, c), reopened.queue(DEST).peek(10));
    }

    @Test
    void readOnlyDatabaseFailsWritesAndKeepsReads() throws Exception {
        MessageStore store = open(java.util.function.UnaryOperator.identity());
        MessageQueue queue = store.queue(DEST);
        QueuedMessage a = messages.message(DEST, Priority.TX);
        queue.offer(a);
        // query_only makes SQLite itself refuse writes with SQLITE_READONLY, even for root.
        store.runOnWriter(batch -> batch.sql().connection().createStatement().execute("PRAGMA query_only = ON"));

        StoreException e = assertThrows(StoreException.class, () -> queue.offer(messages.message(DEST, Priority.TX)));
        assertTrue(e.getMessage().contains("SQLITE_READONLY") && e.getMessage().contains(file().toString()), e.getMessage());
        assertEquals(StoreHealth.Status.WRITES_FAILING, store.health().status());
        assertTrue(store.health().reason().contains("SQLITE_READONLY"), store.health().reason());
        assertThrows(StoreException.class, () -> store.seenSet().markSeen(messages.id(), clock.instant().plusSeconds(60)));
        assertEquals(List.of(a), queue.peek(10));
        assertEquals(1, queue.stats().depth());

        store.runOnWriter(batch -> batch.sql().connection().createStatement().execute("PRAGMA query_only = OFF"));
        assertTrue(queue.offer(messages.message(DEST, Priority.TX)));
        assertTrue(store.health().healthy());
    }

    @Test
    void immutableDatabaseFileIsOpenedButRefusesWrites() throws Exception {
        MessageStore store = open(java.util.function.UnaryOperator.identity());
        QueuedMessage a = messages.message(DEST, Priority.TX);
        store.queue(DEST).offer(a);
        store.close();
        stores.clear();
        // chattr +i stops root too (as a file system remounted read-only would); undone in finally.
        Process chattr = new ProcessBuilder("chattr", "+i", file().toString()).redirectErrorStream(true).start();
        String output = new String(chattr.getInputStream().readAllBytes());
        assertEquals(0, chattr.waitFor(), "chattr +i failed (package e2fsprogs; needs ext2/3/4 and root): " + output);
        try {
            MessageStore readOnly = open(java.util.function.UnaryOperator.identity());
            assertEquals(List.of(a), readOnly.queue(DEST).peek(10));
            StoreException e = assertThrows(StoreException.class,
                    () -> readOnly.queue(DEST).offer(messages.message(DEST, Priority.TX)));
            assertTrue(e.getMessage().contains("SQLITE_READONLY"), e.getMessage());
            assertEquals(StoreHealth.Status.WRITES_FAILING, readOnly.health().status());
            assertEquals(List.of(a), readOnly.queue(DEST).peek(10));
        } finally {
            new ProcessBuilder("chattr", "-i", file().toString()).start().waitFor();
        }
    }

    @Test
    void fullDiskFailsWritesLosesNothingAndRecovers() throws Exception {
        MessageStore store = open(java.util.function.UnaryOperator.identity());
        MessageQueue queue = store.queue(DEST);
        // max_page_count caps the database file: SQLite answers SQLITE_FULL exactly as on a full disk.
        store.runOnWriter(batch -> {
            try (Statement s = batch.sql().connection().createStatement();
                 ResultSet pages = s.executeQuery("PRAGMA page_count")) {
                pages.next();
                s.execute("PRAGMA max_page_count = " + (pages.getLong(1) + 4));
            }
            return null;
        });
        List<QueuedMessage> accepted = new ArrayList<>();
        StoreException full = null;
        for (int i = 0; i < 100 && full == null; i++) {
            QueuedMessage m = messages.message(DEST, Priority.TX, 3000, Duration.ofHours(1));
            try {
                assertTrue(queue.offer(m));
                accepted.add(m);
            } catch (StoreException e) {
                full = e;
                assertFalse(queue.contains(m.id()));
            }
        }
        assertTrue(full != null, "the page limit was never reached");
        assertTrue(full.getMessage().contains("SQLITE_FULL"), full.getMessage());
        assertFalse(accepted.isEmpty());
        assertEquals(StoreHealth.Status.WRITES_FAILING, store.health().status());
        assertEquals(accepted, queue.peek(1000));

        store.runOnWriter(batch -> batch.sql().connection().createStatement().execute("PRAGMA max_page_count = 1073741823"));
        QueuedMessage after = messages.message(DEST, Priority.TX, 3000, Duration.ofHours(1));
        assertTrue(queue.offer(after));
        assertTrue(store.health().healthy());
        assertEquals(accepted.size() + 1, queue.stats().depth());
    }

    @ParameterizedTest
    @CsvSource({
            "malformed-page.db, database disk image is malformed",
            "truncated.db, database disk image is malformed",
            "not-a-database.db, file is not a database"})
    void damagedFileIsRefusedAtOpenNamingFileAndErrorAndLeftUntouched(String golden, String sqliteError) throws Exception {
        Path copy = dir.resolve(golden);
        try (InputStream in = getClass().getResourceAsStream("/store/" + golden)) {
            Files.copy(in, copy);
        }
        byte[] before = Files.readAllBytes(copy);
        for (int attempt = 0; attempt < 2; attempt++) {
            StoreException e = assertThrows(StoreException.class, () -> MessageStore.open(copy, options()));
            assertTrue(e.getMessage().contains(copy.toString()) && e.getMessage().contains(sqliteError), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(copy), "a refused open must not change the file");
    }

    @Test
    void newerSchemaIsRefusedNamingTheSupportedVersions() throws Exception {
        Path copy = dir.resolve("newer-schema.db");
        try (InputStream in = getClass().getResourceAsStream("/store/newer-schema.db")) {
            Files.copy(in, copy);
        }
        StoreException e = assertThrows(StoreException.class, () -> MessageStore.open(copy, options()));
        assertTrue(e.getMessage().contains("schema version 7") && e.getMessage().contains("versions 1..4")
                && e.getMessage().contains(copy.toString()), e.getMessage());
    }

    @Test
    void databaseOfAnotherProgramIsRefused() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE contacts (callsign TEXT)");
        }
        StoreException e = assertThrows(StoreException.class, () -> MessageStore.open(file(), options()));
        assertTrue(e.getMessage().contains("not a Skywave store") && e.getMessage().contains("[contacts]"), e.getMessage());
    }

    @Test
    void unusableRowsAreQuarantinedWithoutBlockingTheRowsBehind() throws Exception {
        MessageStore store = open(java.util.function.UnaryOperator.identity());
        MessageQueue queue = store.queue(DEST);
        QueuedMessage first = messages.message(DEST, Priority.TX);
        queue.offer(first);
        // Rows no release writes, put there behind the store's back.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             PreparedStatement insert = c.prepareStatement("INSERT INTO queued (destination, id, priority, payload, size,"
                     + " enqueued_at, expires_at, next_attempt_at, attempts, repeats) VALUES (?, ?, ?, ?, 10, ?, ?, 0, 0, 1)")) {
            long now = clock.millis();
            Object[][] bad = {
                    {new byte[5], 1, new byte[10]},
                    {messages.id().toByteArray(), 9, new byte[10]},
                    {messages.id().toByteArray(), 1, "not a blob"}};
            for (Object[] row : bad) {
                insert.setString(1, DEST);
                insert.setObject(2, row[0]);
                insert.setObject(3, row[1]);
                insert.setObject(4, row[2]);
                insert.setLong(5, now);
                insert.setLong(6, now + 3_600_000);
                insert.executeUpdate();
            }
        }
        QueuedMessage last = messages.message(DEST, Priority.TX);
        queue.offer(last);

        assertEquals(List.of(first, last), queue.peek(2), "bad rows are skipped, the row behind them still comes");
        assertEquals(2, store.quarantined(), "the row of priority 9 sorts last and was not reached yet");
        assertEquals(List.of(first, last), queue.peek(10));
        assertEquals(3, store.quarantined());
        assertEquals(2, queue.stats().depth());
        assertEquals(3, queue.stats().quarantined());
        List<String> reasons = events(StoreEvent.Kind.QUARANTINED).stream().map(StoreEvent::reason).toList();
        assertTrue(reasons.get(0).contains("id is not 32 bytes (got a 5-byte blob)"), reasons.toString());
        assertTrue(reasons.get(1).contains("payload is not a blob"), reasons.toString());
        assertTrue(reasons.get(2).contains("unknown priority code 9"), reasons.toString());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*), SUM(error LIKE 'row %') FROM quarantine")) {
            rows.next();
            assertEquals(3, rows.getInt(1));
            assertEquals(3, rows.getInt(2));
        }
    }
}
