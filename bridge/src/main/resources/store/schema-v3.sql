-- Skywave store, schema version 3: fewer pages written per message, for an SD card that wears
-- out by what is written. Applied once, in one transaction, by SchemaMigrator after version 2.
-- Never edit a released version: add schema-v4.sql.
--
-- Each b-tree a message touches is at least one more page in the WAL at every commit. Gone:
--   * AUTOINCREMENT on queued.seq, which rewrote sqlite_sequence on every insert. seq is still
--     the acceptance order: a new row gets one more than the largest seq queued, so it comes
--     after every row still there (only the seq of a row already gone may come back).
--   * queued_expiry and seen_expiry: expired rows are purged once a minute, and a scan of the
--     table then costs less than keeping an index up to date on every message.

CREATE TABLE queued_v3 (
    seq             INTEGER PRIMARY KEY,
    destination     TEXT    NOT NULL,
    id              BLOB    NOT NULL,
    priority        INTEGER NOT NULL,
    payload         BLOB    NOT NULL,
    size            INTEGER NOT NULL,
    enqueued_at     INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    repeats         INTEGER NOT NULL,
    hops            INTEGER NOT NULL DEFAULT 0,
    UNIQUE (destination, id)
);

INSERT INTO queued_v3 (seq, destination, id, priority, payload, size, enqueued_at, expires_at, next_attempt_at,
    attempts, repeats, hops)
    SELECT seq, destination, id, priority, payload, size, enqueued_at, expires_at, next_attempt_at, attempts,
    repeats, hops FROM queued;

DROP TABLE queued;

ALTER TABLE queued_v3 RENAME TO queued;

-- peek: a destination's messages in send order.
CREATE INDEX queued_send_order ON queued (destination, priority, seq);

-- Eviction: lowest priority class (highest code) first, then oldest.
CREATE INDEX queued_eviction_order ON queued (priority DESC, seq);

DROP INDEX seen_expiry;

-- One row the writer rewrites, with a new value each time, to find out whether writes work again
-- after a failure (a full disk, a read-only file system): rewriting a row with the value it
-- already holds writes nothing, so it would prove nothing.
CREATE TABLE write_probe (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    value    INTEGER NOT NULL
);
