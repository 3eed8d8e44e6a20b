package org.skywave.bridge.store;

import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Sorts SQLite errors into those that may clear (disk full, read-only) and damage that will not. */
final class SqliteErrors {

    // Primary result codes from https://www.sqlite.org/rescode.html
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {
    }

    /** The file is damaged or not a database: retrying writes would only make things worse. */
    static boolean isDamage(SQLException e) {
        int code = primaryCode(e);
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
    }

    static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            return sqlite.getResultCode().code & 0xff;
        }
        return e.getErrorCode() & 0xff;
    }
}
