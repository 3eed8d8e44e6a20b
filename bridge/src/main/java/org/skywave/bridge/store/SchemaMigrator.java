package org.skywave.bridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.sqlite.ProgressHandler;
import org.tinylog.Logger;

/**
 * Brings a database to the newest schema this release knows, one versioned script
 * ({@code store/schema-vN.sql}) per step, each in its own transaction; refuses a database
 * written by a newer release, naming the versions it supports (Tape's rule for its header).
 */
final class SchemaMigrator {

    /** Newest schema version; scripts 1..LATEST must exist as resources. */
    static final int LATEST = 4;

    private SchemaMigrator() {
    }

    /** How often a long migration says it is still at work. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    /** SQLite virtual-machine steps between looks at the clock: cheap, and often enough for a 5 s interval. */
    private static final int STEPS_BETWEEN_LOOKS = 100_000;

    /** Returns the version the database is at afterwards. The connection must have auto-commit off. */
    static int migrate(Connection connection, Path file, long nowMillis) throws StoreException, SQLException {
        return migrate(connection, file, nowMillis, line -> Logger.info(line), PROGRESS_INTERVAL, STEPS_BETWEEN_LOOKS);
    }

    /**
     * As above, telling {@code progress} what it does: the steps ahead and the rows they rewrite
     * before it starts, which statement of which step it is at every {@code interval} (a copy of
     * a large queue table can take minutes on an SD card), and how long it took. The clock is read
     * every {@code stepsBetweenLooks} steps of SQLite's virtual machine.
     */
    static int migrate(Connection connection, Path file, long nowMillis, Consumer<String> progress, Duration interval,
            int stepsBetweenLooks) throws StoreException, SQLException {
        int current = checkVersion(connection, file);
        if (current >= LATEST) {
            return current;
        }
        long started = System.nanoTime();
        if (current > 0) {
            progress.accept("store: migrating " + file + " from schema v" + current + " to v" + LATEST + ": "
                    + queuedRows(connection) + " queued message(s) to carry over; do not stop the station meanwhile");
        }
        long[] lastReport = {started};
        String[] where = {""};
        ProgressHandler.setHandler(connection, stepsBetweenLooks, new ProgressHandler() {
            @Override
            protected int progress() {
                long now = System.nanoTime();
                if (now - lastReport[0] >= interval.toNanos()) {
                    lastReport[0] = now;
                    progress.accept("store: still migrating " + file + ": " + where[0] + ", "
                            + Duration.ofNanos(now - started).toSeconds() + " s so far");
                }
                return 0; // carry on
            }
        });
        try {
            for (int version = current + 1; version <= LATEST; version++) {
                List<String> statements = statements(script(version));
                try (Statement statement = connection.createStatement()) {
                    for (int i = 0; i < statements.size(); i++) {
                        where[0] = "schema v" + version + ", statement " + (i + 1) + " of " + statements.size();
                        statement.execute(statements.get(i));
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    insert.setInt(1, version);
                    insert.setLong(2, nowMillis);
                    insert.executeUpdate();
                }
                connection.commit();
            }
        } finally {
            ProgressHandler.clearHandler(connection);
        }
        if (current > 0) {
            progress.accept("store: migrated " + file + " to schema v" + LATEST + " in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        }
        return LATEST;
    }

    private static long queuedRows(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM queued")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** The file's schema version (0 for an empty file); refuses a newer or foreign one without writing anything. */
    static int checkVersion(Connection connection, Path file) throws StoreException, SQLException {
        int current = currentVersion(connection, file);
        if (current > LATEST) {
            throw new StoreException("database " + file + " has schema version " + current
                    + ", newer than this release supports (versions 1.." + LATEST + "); run a newer Skywave"
                    + " or point the store at another file");
        }
        return current;
    }

    private static int currentVersion(Connection connection, Path file) throws StoreException, SQLException {
        TreeSet<String> tables = new TreeSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        if (!tables.contains("schema_version")) {
            if (!tables.isEmpty()) {
                throw new StoreException("database " + file + " is not a Skywave store: it has tables "
                        + tables + " but no schema_version");
            }
            return 0;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            int version = rows.next() ? rows.getInt(1) : 0;
            if (version < 1) {
                throw new StoreException("database " + file + " has an empty schema_version table");
            }
            return version;
        }
    }

    private static String script(int version) throws StoreException {
        String resource = "store/schema-v" + version + ".sql";
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("schema script " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read schema script " + resource, e);
        }
    }

    /** Splits a script into statements: drops {@code --} comment lines, ends a statement at a line ending in ';'. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
