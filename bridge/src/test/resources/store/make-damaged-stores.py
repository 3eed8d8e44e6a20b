#!/usr/bin/env python3
"""Writes the damaged store files used by StoreFaultTest. Run from this directory:
python3 make-damaged-stores.py ../../../main/resources/store/schema-v1.sql

Each file starts as a valid Skywave store (schema v1, 40 queued TX messages of 300 bytes for
ax25-1, rollback journal so the file is self-contained), then is damaged in one known way.
Deterministic: fixed ids and payloads, so the files only change if this script does."""
import hashlib, os, sqlite3, sys

schema = open(sys.argv[1]).read()

def valid_store(path):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 4096")
    db.executescript(schema)
    db.execute("INSERT INTO schema_version VALUES (1, 1748779200000)")
    for i in range(40):
        mid = hashlib.sha256(b"golden-%d" % i).digest()
        payload = (hashlib.sha256(b"payload-%d" % i).digest() * 10)[:300]
        db.execute("INSERT INTO queued (destination, id, priority, payload, size, enqueued_at, expires_at,"
                   " next_attempt_at, attempts, repeats) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   ("ax25-1", mid, 1, payload, 300, 1748779200000 + i, 1748786400000, 1748779200000, 0, 1))
    db.commit()
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'queued'").fetchone()[0]
    db.close()
    return root

# 1. The queued table's root page overwritten with 0xA5: "database disk image is malformed".
root = valid_store("malformed-page.db")
with open("malformed-page.db", "r+b") as f:
    f.seek((root - 1) * 4096)
    f.write(b"\xa5" * 4096)

# 2. The file cut to its first 3 pages: tables point at pages that are gone.
valid_store("truncated.db")
with open("truncated.db", "r+b") as f:
    f.truncate(3 * 4096)

# 3. Not a database at all: a text file where the store should be.
with open("not-a-database.db", "wb") as f:
    f.write(b"This is a configuration file, not an SQLite database.\n" * 100)

# 4. A valid store whose schema_version says 7: written by a newer release.
valid_store("newer-schema.db")
db = sqlite3.connect("newer-schema.db")
db.execute("INSERT INTO schema_version VALUES (7, 1748779200000)")
db.commit()
db.close()
