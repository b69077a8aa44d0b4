import type { Migration } from './index.js';

export const m001Initial: Migration = {
  name: 'initial',
  sql: `
CREATE TABLE sources (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('local')),
  path        TEXT NOT NULL UNIQUE,
  added_at    TEXT NOT NULL,
  last_scan_at TEXT
);

-- A photo is its content: id = sha256 of the file's bytes.
CREATE TABLE photos (
  id            TEXT PRIMARY KEY CHECK (length(id) = 64),
  size          INTEGER NOT NULL,
  format        TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('image', 'raw', 'video')),
  width         INTEGER,
  height        INTEGER,
  orientation   INTEGER NOT NULL DEFAULT 1,
  taken_at      TEXT,
  taken_at_utc  TEXT,
  -- UTC epoch ms of the capture (0 when unknown): the grid's sort key.
  sort_ms       INTEGER NOT NULL,
  time_zone     TEXT,
  time_source   TEXT,
  zone_source   TEXT,
  lat           REAL,
  lon           REAL,
  alt           REAL,
  make          TEXT,
  model         TEXT,
  city_id       INTEGER,
  city_name     TEXT,
  city_country  TEXT,
  thumbhash     TEXT,
  phash         TEXT,
  placeholder   INTEGER NOT NULL DEFAULT 0,
  starred       INTEGER NOT NULL DEFAULT 0,
  -- Set when the last location went away; the photo is purged after a grace period so a
  -- move (unlink then add) keeps its identity and everything attached to it.
  orphaned_at   INTEGER,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX photos_by_time ON photos (sort_ms DESC, id DESC);
CREATE INDEX photos_by_city ON photos (city_id, sort_ms DESC, id DESC) WHERE city_id IS NOT NULL;
CREATE INDEX photos_orphaned ON photos (orphaned_at) WHERE orphaned_at IS NOT NULL;
CREATE INDEX photos_by_phash ON photos (phash) WHERE phash IS NOT NULL;

-- Where a photo's bytes live. photo_id is NULL until the file has been ingested.
CREATE TABLE locations (
  id          INTEGER PRIMARY KEY,
  source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  rel_path    TEXT NOT NULL,
  size        INTEGER NOT NULL,
  mtime_ms    REAL NOT NULL,
  photo_id    TEXT REFERENCES photos (id) ON DELETE SET NULL,
  -- ok: ingested; pending: queued; failed: could not be ingested (see errors)
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ok', 'failed', 'ignored')),
  UNIQUE (source_id, rel_path)
);
CREATE INDEX locations_by_photo ON locations (photo_id) WHERE photo_id IS NOT NULL;

CREATE TABLE thumbnails (
  photo_id  TEXT NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
  size      TEXT NOT NULL,
  file      TEXT NOT NULL,
  width     INTEGER NOT NULL,
  height    INTEGER NOT NULL,
  bytes     INTEGER NOT NULL,
  mime      TEXT NOT NULL,
  PRIMARY KEY (photo_id, size)
);

-- The durable ingest queue. A job is one location to (re)ingest; done jobs are deleted.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  location_id  INTEGER NOT NULL UNIQUE REFERENCES locations (id) ON DELETE CASCADE,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'quarantined')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  run_after    INTEGER NOT NULL DEFAULT 0,
  lease_until  INTEGER,
  -- pid of the process running the job; a dead owner's job goes back to the queue.
  lease_owner  INTEGER,
  last_error   TEXT,
  created_at   INTEGER NOT NULL
);
CREATE INDEX jobs_ready ON jobs (state, run_after);

-- What went wrong, per file path; one row per (path, code).
CREATE TABLE errors (
  id          INTEGER PRIMARY KEY,
  location_id INTEGER REFERENCES locations (id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  code        TEXT NOT NULL,
  message     TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
  at          TEXT NOT NULL,
  UNIQUE (path, code)
);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
`,
};
