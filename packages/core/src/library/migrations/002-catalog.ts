import type { Migration } from './index.js';

// The concert catalog (see catalog/types.ts): venues, artists, shows with their line-up and
// setlists, and the setlist.fm response cache and request budget.
export const m002Catalog: Migration = {
  name: 'catalog',
  sql: `
CREATE TABLE venues (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  setlistfm_id     TEXT UNIQUE,
  city_name        TEXT,
  city_geoname_id  INTEGER,
  country          TEXT,
  city_lat         REAL,
  city_lon         REAL,
  lat              REAL,
  lon              REAL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX venues_by_city ON venues (city_geoname_id);
CREATE INDEX venues_by_name ON venues (name COLLATE NOCASE, city_name COLLATE NOCASE);

CREATE TABLE artists (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL,
  mbid  TEXT UNIQUE
);
CREATE INDEX artists_by_name ON artists (name COLLATE NOCASE);

CREATE TABLE shows (
  id          INTEGER PRIMARY KEY,
  date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  venue_id    INTEGER NOT NULL REFERENCES venues (id),
  tour        TEXT,
  origin      TEXT NOT NULL CHECK (origin IN ('setlistfm', 'csv', 'manual', 'online')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (venue_id, date)
);
CREATE INDEX shows_by_date ON shows (date);

-- The bill: position 0 opens, the highest position headlines.
CREATE TABLE show_artists (
  show_id    INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
  artist_id  INTEGER NOT NULL REFERENCES artists (id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (show_id, artist_id)
);

CREATE TABLE setlists (
  id            INTEGER PRIMARY KEY,
  show_id       INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
  artist_id     INTEGER NOT NULL REFERENCES artists (id),
  setlistfm_id  TEXT UNIQUE,
  version_id    TEXT,
  url           TEXT,
  -- JSON: [{set, name, info?}]
  songs         TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX setlists_by_show ON setlists (show_id);

-- setlist.fm responses by request (method + path + query), so a re-match costs no request.
CREATE TABLE setlistfm_cache (
  key         TEXT PRIMARY KEY,
  status      INTEGER NOT NULL,
  body        TEXT,
  fetched_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);

-- Requests made per UTC day, to keep within the API's daily allowance across processes.
CREATE TABLE setlistfm_budget (
  day       TEXT PRIMARY KEY,
  requests  INTEGER NOT NULL
);
`,
};
