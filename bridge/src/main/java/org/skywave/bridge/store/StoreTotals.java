package org.skywave.bridge.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Committed store-wide message count and payload bytes, which the size bound is checked against. Writer thread only. */
final class StoreTotals {

    long messages;
    long bytes;

    void reload(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM queued")) {
            row.next();
            messages = row.getLong(1);
            bytes = row.getLong(2);
        }
    }
}
