-- Skywave store, schema version 4: a queued row names the far station it is for, so one link
-- keeps a queue per far station and traffic for a station that is off the air waits without
-- holding back the others. Applied once, in one transaction, by SchemaMigrator after version 3.
-- Never edit a released version: add schema-v5.sql.
--
-- station is the far station's callsign or station id as the [[link]] names it, or '' for
-- whoever is on the link (every row before version 4). '' rather than NULL: UNIQUE treats every
-- NULL as distinct, and the queue's "each id once" rule must hold for '' too.
--
-- Write economy (schema version 3's reason): the table keeps the same three b-trees, only one
-- column wider in two of them. The UNIQUE key changes, and SQLite cannot alter a constraint,
-- so the table is rebuilt once.

CREATE TABLE queued_v4 (
    seq             INTEGER PRIMARY KEY,
    destination     TEXT    NOT NULL,
    station         TEXT    NOT NULL DEFAULT '',
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
    UNIQUE (destination, station, id)
);

INSERT INTO queued_v4 (seq, destination, station, id, priority, payload, size, enqueued_at, expires_at,
    next_attempt_at, attempts, repeats, hops)
    SELECT seq, destination, '', id, priority, payload, size, enqueued_at, expires_at, next_attempt_at, attempts,
    repeats, hops FROM queued;

DROP TABLE queued;

ALTER TABLE queued_v4 RENAME TO queued;

-- peek: one far station's messages of a link in send order.
CREATE INDEX queued_send_order ON queued (destination, station, priority, seq);

-- Eviction: lowest priority class (highest code) first, then oldest.
CREATE INDEX queued_eviction_order ON queued (priority DESC, seq);

ALTER TABLE quarantine ADD COLUMN station TEXT NOT NULL DEFAULT '';
