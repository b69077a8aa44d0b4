import type { Migration } from './index.js';

// Events (photos grouped by time, place and show day) and what matching decided about them.
// Identity: an event keeps its id across re-clustering when it shares the most photos with an
// old event; a new one is named after its first photo (matching/event-identity.ts).
// User decisions are stored per photo (a photo id is its content hash, the same on every
// device), so they survive any re-clustering and can later sync like stars do.
// Shows are referenced without foreign keys, so the catalog can always delete a show (ids are
// never reused); the catalog's change feed tells matching which dates to look at again.
export const m003Events: Migration = {
  name: 'events',
  sql: `
CREATE TABLE events (
  id               TEXT PRIMARY KEY,
  start_ms         INTEGER NOT NULL,
  end_ms           INTEGER NOT NULL,
  -- local calendar date of the first photo, and the show day (before 06:00 = the evening before)
  local_date       TEXT NOT NULL,
  show_day         TEXT NOT NULL,
  -- IANA zone, or a fixed offset such as +09:00 when only the camera's offset is known
  time_zone        TEXT NOT NULL,
  -- 0 when no photo had a trustworthy zone (home zone guessed): adjacent days are candidates
  zone_certain     INTEGER NOT NULL,
  photo_count      INTEGER NOT NULL,
  -- JSON array of the event's photo ids in time order. One row per event rather than a row per
  -- photo: writing 100,000 membership rows (random sha256 keys) cost more than the whole rest
  -- of a rebuild; photo -> event lookups are built in memory from these arrays.
  photo_ids        TEXT NOT NULL,
  gps_count        INTEGER NOT NULL,
  lat              REAL,
  lon              REAL,
  -- the city most of its photos were taken in (GeoNames id, from ingest's reverse geocoding)
  city_id          INTEGER,
  city_name        TEXT,
  city_country     TEXT,
  -- JSON [[bucket, photos], ...]: photos per 10 minutes after start_ms (the time fit needs them)
  profile          TEXT NOT NULL DEFAULT '[]',
  -- hash of what clustering produced; differs from matched_input when the event must be re-matched
  input_hash       TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'unmatched'
                   CHECK (status IN ('matched', 'ambiguous', 'unmatched', 'not-concert')),
  decided_by       TEXT NOT NULL DEFAULT 'auto' CHECK (decided_by IN ('auto', 'user')),
  show_id          INTEGER,
  -- input_hash at the last match ('' = match again: setlist.fm was not asked yet)
  matched_input    TEXT,
  -- the user decision (match_decisions.seq) applied at the last match
  decision_seq     INTEGER,
  matched_at       TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX events_by_time ON events (start_ms);
CREATE INDEX events_by_status ON events (status, start_ms);
CREATE INDEX events_by_show ON events (show_id) WHERE show_id IS NOT NULL;

-- Scored shows per event: the winner, the equally plausible ones, or suggestions.
CREATE TABLE event_candidates (
  event_id  TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  show_id   INTEGER NOT NULL,
  rank      INTEGER NOT NULL,
  score     REAL NOT NULL,
  -- JSON array of human-readable reasons
  reasons   TEXT NOT NULL,
  PRIMARY KEY (event_id, show_id)
);

-- Photos kept out of events, with the reason.
CREATE TABLE excluded_photos (
  photo_id  TEXT PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
  reason    TEXT NOT NULL CHECK (reason IN ('no-capture-time', 'file-time-only'))
);

-- What the user decided, per photo. The latest decision (highest seq) among an event's photos
-- is the event's decision; photos with different decisions never share an event.
CREATE TABLE match_decisions (
  photo_id    TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('assign', 'unassign', 'not-concert')),
  show_id     INTEGER,
  seq         INTEGER NOT NULL,
  decided_at  TEXT NOT NULL
);
CREATE INDEX match_decisions_by_seq ON match_decisions (seq);

-- Matching's own state: the catalog change-feed cursor it has matched up to.
CREATE TABLE match_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
`,
};
