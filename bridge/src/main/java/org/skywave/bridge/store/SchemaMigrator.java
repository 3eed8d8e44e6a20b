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
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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

    /** Returns the version the database is at afterwards. The connection must have auto-commit off. */
    static int migrate(Connection connection, Path file, long nowMillis) throws StoreException, SQLException {
        int current = checkVersion(connection, file);
        for (int version = current + 1; version <= LATEST; version++) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(script(version))) {
                    statement.execute(sql);
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
        return Math.max(current, LATEST);
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
