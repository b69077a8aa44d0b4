import type { Migration } from './index.js';

// The concert catalog (see catalog/types.ts): venues, artists, shows with their line-up and
// setlists, and the setlist.fm response cache and request budget.

// Every write that can change what a show looks like records the show's date in
// catalog_changes under a new catalog version, so matching re-matches only those dates
// (catalog/CONTEXT.md, "change tracking"). Triggers, not repository code, so no write path
// can forget it.
const bump = `UPDATE catalog_version SET version = version + 1;`;
const recordDate = (dateExpr: string, from = '') =>
  `INSERT OR REPLACE INTO catalog_changes (date, version)
     SELECT ${dateExpr}, v.version FROM catalog_version v${from};`;
const viaShow = (showIdExpr: string) =>
  bump + recordDate('s.date', `, shows s WHERE s.id = ${showIdExpr}`);

const changeTriggers = `
CREATE TRIGGER shows_changed_ins AFTER INSERT ON shows BEGIN ${bump} ${recordDate('NEW.date')} END;
CREATE TRIGGER shows_changed_upd AFTER UPDATE ON shows BEGIN
  ${bump} ${recordDate('OLD.date')} ${recordDate('NEW.date')}
END;
CREATE TRIGGER shows_changed_del AFTER DELETE ON shows BEGIN
  ${bump} ${recordDate('OLD.date')}
  INSERT OR REPLACE INTO catalog_deletions (show_id, date, version)
    SELECT OLD.id, OLD.date, v.version FROM catalog_version v;
END;
CREATE TRIGGER show_artists_changed_ins AFTER INSERT ON show_artists BEGIN ${viaShow('NEW.show_id')} END;
CREATE TRIGGER show_artists_changed_upd AFTER UPDATE ON show_artists BEGIN ${viaShow('NEW.show_id')} END;
CREATE TRIGGER show_artists_changed_del AFTER DELETE ON show_artists BEGIN ${viaShow('OLD.show_id')} END;
CREATE TRIGGER setlists_changed_ins AFTER INSERT ON setlists BEGIN ${viaShow('NEW.show_id')} END;
CREATE TRIGGER setlists_changed_upd AFTER UPDATE ON setlists BEGIN
  ${viaShow('OLD.show_id')} ${viaShow('NEW.show_id')}
END;
CREATE TRIGGER setlists_changed_del AFTER DELETE ON setlists BEGIN ${viaShow('OLD.show_id')} END;
CREATE TRIGGER venues_changed_upd
  AFTER UPDATE OF name, setlistfm_id, city_name, city_geoname_id, country, city_lat, city_lon, lat, lon
  ON venues BEGIN
  ${bump} ${recordDate('s.date', ', shows s WHERE s.venue_id = NEW.id')}
END;
CREATE TRIGGER artists_changed_upd AFTER UPDATE OF name, mbid ON artists BEGIN
  ${bump}
  ${recordDate('s.date', ', show_artists sa JOIN shows s ON s.id = sa.show_id WHERE sa.artist_id = NEW.id')}
END;
`;

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
  -- lastUpdated of the setlist.fm data that last described the venue: responses of
  -- different ages disagree (a city renamed), and the newest one wins whatever the order.
  setlistfm_as_of  TEXT,
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

-- AUTOINCREMENT: a deleted show's id is never given to another show, so references kept
-- elsewhere (matching, sync) can never point at the wrong concert.
CREATE TABLE shows (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE INDEX show_artists_by_artist ON show_artists (artist_id);

CREATE TABLE setlists (
  id            INTEGER PRIMARY KEY,
  show_id       INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
  artist_id     INTEGER NOT NULL REFERENCES artists (id),
  setlistfm_id  TEXT UNIQUE,
  version_id    TEXT,
  -- setlist.fm's lastUpdated (ISO 8601): a re-import replaces songs only with newer data.
  last_updated  TEXT,
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

-- Change tracking for matching: one row per local date ever touched, with the catalog
-- version of its latest change; deleted shows are kept as tombstones.
CREATE TABLE catalog_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);
CREATE TABLE catalog_changes (
  date     TEXT PRIMARY KEY,
  version  INTEGER NOT NULL
);
CREATE INDEX catalog_changes_by_version ON catalog_changes (version);
CREATE TABLE catalog_deletions (
  show_id  INTEGER PRIMARY KEY,
  date     TEXT NOT NULL,
  version  INTEGER NOT NULL
);
CREATE INDEX catalog_deletions_by_version ON catalog_deletions (version);
${changeTriggers}`,
};
