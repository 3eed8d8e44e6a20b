-- Skywave store, schema version 1. Applied once, in one transaction, by SchemaMigrator, which
-- then records the version in schema_version. Never edit a released version: add schema-v2.sql.
-- Times are milliseconds since the epoch (UTC). Statements end with ';' at the end of a line.

CREATE TABLE schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    applied_at INTEGER NOT NULL
);

-- One row per message waiting for a destination. seq (AUTOINCREMENT, never reused) is the
-- acceptance order: FIFO within a priority, and "oldest" for eviction.
CREATE TABLE queued (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
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
    UNIQUE (destination, id)
);

-- peek: a destination's messages in send order.
CREATE INDEX queued_send_order ON queued (destination, priority, seq);

-- Eviction: lowest priority class (highest code) first, then oldest.
CREATE INDEX queued_eviction_order ON queued (priority DESC, seq);

CREATE INDEX queued_expiry ON queued (expires_at);

-- Ids seen recently, each until expires_at.
CREATE TABLE seen (
    id         BLOB    NOT NULL PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX seen_expiry ON seen (expires_at);

-- Rows that could not be used, moved here with the error; never deleted by Skywave. Columns
-- are untyped on purpose so that whatever was in the queued row can be kept as it was.
CREATE TABLE quarantine (
    qseq           INTEGER PRIMARY KEY AUTOINCREMENT,
    destination,
    id,
    priority,
    payload,
    enqueued_at,
    expires_at,
    attempts,
    repeats,
    error          TEXT    NOT NULL,
    quarantined_at INTEGER NOT NULL
);
