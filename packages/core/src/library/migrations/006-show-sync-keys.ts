import type { Migration } from './index.js';

// Shows get the identity they sync by (protocol/tables.ts): `sfm:<setlist.fm venue id>:<date>`
// at a setlist.fm venue, so every device derives the same key, else `u:<uuid v4>`. A trigger
// fills it for any insert that does not bring one (a show pulled from sync brings its own),
// so no write path can forget it; a key already taken (a show whose date was edited keeps
// its old key) falls back to a uuid. Concert decisions pulled for a photo this library does
// not have yet are applied when the photo arrives, like stars (005).

const UUID_V4 = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
  substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||
  substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

/** A setlist.fm venue id usable in a key: 1–32 of [0-9a-z] once lower-cased. */
const validVenueId = (col: string) =>
  `(length(${col}) BETWEEN 1 AND 32 AND lower(${col}) NOT GLOB '*[^0-9a-z]*')`;

const bump = `UPDATE catalog_version SET version = version + 1;`;
const recordDate = (dateExpr: string) =>
  `INSERT OR REPLACE INTO catalog_changes (date, version)
     SELECT ${dateExpr}, v.version FROM catalog_version v;`;

export const m006ShowSyncKeys: Migration = {
  name: 'show-sync-keys',
  sql: `
ALTER TABLE shows ADD COLUMN sync_key TEXT;

-- Setting a key changes nothing a show looks like: the change feed ignores it.
DROP TRIGGER shows_changed_upd;
CREATE TRIGGER shows_changed_upd
  AFTER UPDATE OF date, venue_id, tour, origin, created_at, updated_at ON shows BEGIN
  ${bump} ${recordDate('OLD.date')} ${recordDate('NEW.date')}
END;

UPDATE shows SET sync_key = 'u:' || ${UUID_V4};
UPDATE OR IGNORE shows SET sync_key =
  (SELECT 'sfm:' || lower(v.setlistfm_id) || ':' || shows.date FROM venues v
    WHERE v.id = shows.venue_id)
  WHERE venue_id IN (SELECT id FROM venues WHERE ${validVenueId('setlistfm_id')});
CREATE UNIQUE INDEX shows_by_sync_key ON shows (sync_key);

CREATE TRIGGER shows_sync_key AFTER INSERT ON shows WHEN NEW.sync_key IS NULL BEGIN
  UPDATE shows SET sync_key = coalesce(
    (SELECT 'sfm:' || lower(v.setlistfm_id) || ':' || NEW.date FROM venues v
      WHERE v.id = NEW.venue_id AND ${validVenueId('v.setlistfm_id')}
        AND NOT EXISTS (SELECT 1 FROM shows s
                         WHERE s.sync_key = 'sfm:' || lower(v.setlistfm_id) || ':' || NEW.date)),
    'u:' || ${UUID_V4})
  WHERE id = NEW.id;
END;

-- Decisions waiting for a show (pulled before it): found by the show key they point at.
CREATE INDEX sync_fields_assignments_by_show ON sync_fields (json_extract(value, '$.show'))
  WHERE tbl = 'event_assignments';

-- A photo arriving takes the concert decision synced for it (an assignment only once its
-- show is here; the show's arrival applies it otherwise). Plain INSERT after a DELETE, not
-- INSERT OR REPLACE: the policy of the statement inserting the photo (an upsert) would
-- override a conflict clause here.
CREATE TRIGGER photos_take_synced_decision AFTER INSERT ON photos
WHEN EXISTS (SELECT 1 FROM sync_fields
              WHERE tbl = 'event_assignments' AND row = NEW.id AND col = 'decision')
BEGIN
  DELETE FROM match_decisions WHERE photo_id = NEW.id;
  INSERT INTO match_decisions (photo_id, kind, show_id, seq, decided_at)
    SELECT NEW.id, json_extract(f.value, '$.kind'), s.id,
           (SELECT coalesce(max(seq), 0) + 1 FROM match_decisions),
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      FROM sync_fields f LEFT JOIN shows s ON s.sync_key = json_extract(f.value, '$.show')
     WHERE f.tbl = 'event_assignments' AND f.row = NEW.id AND f.col = 'decision'
       AND json_extract(f.value, '$.kind') IS NOT NULL
       AND (json_extract(f.value, '$.kind') <> 'assign' OR s.id IS NOT NULL);
END;
`,
};
