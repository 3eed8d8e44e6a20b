package org.skywave.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.tinylog.Logger;

/** Prepared statements of one connection, prepared once and reused (one thread only). */
final class SqlStatements {

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    SqlStatements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        statement.clearParameters();
        return statement;
    }

    void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                Logger.debug("store: closing a statement failed: {}", e.getMessage());
            }
        }
        prepared.clear();
    }
}
