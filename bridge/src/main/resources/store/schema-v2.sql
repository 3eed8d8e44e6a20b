-- Skywave store, schema version 2: the hop count. Applied once, in one transaction, by
-- SchemaMigrator after version 1. Never edit a released version: add schema-v3.sql.

-- How many times a station has relayed the message from one radio link to another (0..255);
-- the frames sent for the row carry it (docs/PROTOCOL.md, section 2.1.1). Rows queued under
-- version 1 were never relayed between radio links: 0.
ALTER TABLE queued ADD COLUMN hops INTEGER NOT NULL DEFAULT 0;

-- Kept with a quarantined row like its other columns, untyped for the same reason.
ALTER TABLE quarantine ADD COLUMN hops;
