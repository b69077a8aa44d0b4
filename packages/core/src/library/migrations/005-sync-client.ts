import type { Migration } from './index.js';

// The sync client's state. `sync_fields` is this library's replica of every synced field
// (protocol v1 table/row/column) with the version that set it: local changes and pulled
// messages both land here first, and only a newer (hlc, device) replaces a value, the same
// last-writer-wins order the server keeps. The domain tables (photos.starred, decisions,
// catalog) are projections of it, so a star on a photo this device does not have yet is
// kept and applied when the photo arrives. `device` is NULL for this library's own changes.
export const m005SyncClient: Migration = {
  name: 'sync-client',
  sql: `
CREATE TABLE sync_fields (
  tbl     TEXT NOT NULL,
  row     TEXT NOT NULL,
  col     TEXT NOT NULL,
  value   TEXT NOT NULL,
  hlc     TEXT NOT NULL,
  device  TEXT,
  PRIMARY KEY (tbl, row, col)
) WITHOUT ROWID;

-- Stars made before this migration become fields of their own (and are queued to push).
INSERT INTO sync_fields (tbl, row, col, value, hlc, device)
  SELECT 'photos', row, col, value, hlc, NULL FROM sync_outbox
  WHERE id IN (SELECT max(id) FROM sync_outbox GROUP BY tbl, row, col);

ALTER TABLE photos ADD COLUMN rating INTEGER CHECK (rating BETWEEN 0 AND 5);
ALTER TABLE photos ADD COLUMN caption TEXT;

-- A photo arriving (ingested, or re-ingested after its last copy was deleted) takes the
-- synced values already known for it: a star made on another device before this one had
-- the file. Whatever path inserts the row, the trigger applies them.
CREATE TRIGGER photos_take_synced_fields AFTER INSERT ON photos
BEGIN
  UPDATE photos SET
    starred = coalesce((SELECT json_extract(value, '$') FROM sync_fields
                        WHERE tbl = 'photos' AND row = NEW.id AND col = 'starred'), 0),
    rating = (SELECT json_extract(value, '$') FROM sync_fields
              WHERE tbl = 'photos' AND row = NEW.id AND col = 'rating'),
    caption = (SELECT json_extract(value, '$') FROM sync_fields
               WHERE tbl = 'photos' AND row = NEW.id AND col = 'caption')
  WHERE id = NEW.id;
END;

-- The account this library is signed in to (at most one). The device token is a bearer
-- secret: it lives only here, in the library folder (docs/decisions/022).
CREATE TABLE sync_account (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  server       TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  email        TEXT NOT NULL,
  device_id    TEXT NOT NULL,
  device_name  TEXT NOT NULL,
  token        TEXT,
  -- the last log seq pulled; NULL until bootstrapped from the server's state
  cursor       INTEGER,
  signed_in_at TEXT NOT NULL,
  last_sync_at TEXT,
  last_error   TEXT,
  last_error_code TEXT
);

-- Blobs the server is known to hold for this account (uploaded here or seen by HEAD), so
-- pending uploads are the starred local photos' variants missing from this table.
CREATE TABLE sync_blobs (
  photo_id  TEXT NOT NULL,
  variant   TEXT NOT NULL CHECK (variant IN ('original', 'preview', 'thumb')),
  sha256    TEXT NOT NULL,
  size      INTEGER NOT NULL,
  at        TEXT NOT NULL,
  PRIMARY KEY (photo_id, variant)
) WITHOUT ROWID;

-- Uploads that failed for a reason retrying cannot fix (quota, file gone): not retried
-- until the file or the account changes.
CREATE TABLE sync_upload_failures (
  photo_id  TEXT NOT NULL,
  variant   TEXT NOT NULL,
  code      TEXT NOT NULL,
  message   TEXT NOT NULL,
  attempts  INTEGER NOT NULL,
  retry_at  INTEGER NOT NULL,
  PRIMARY KEY (photo_id, variant)
) WITHOUT ROWID;

-- Originals (and renditions) of starred photos this device lacks, fetched on demand into
-- the library's remote/ folder.
CREATE TABLE remote_files (
  photo_id  TEXT NOT NULL,
  variant   TEXT NOT NULL,
  file      TEXT NOT NULL,
  sha256    TEXT NOT NULL,
  size      INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (photo_id, variant)
) WITHOUT ROWID;
`,
};
