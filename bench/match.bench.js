// bench:match — events and concert matching on ~100,000 synthetic photos around the real
// setlist.fm shows in the fixtures (bench/match-scenarios.js). Prints precision of confident
// matches, recall on concerts with GPS, how truly ambiguous nights were reported, the time to
// build events and match, peak RSS; then the same library under other gap rules (why the
// default is what it is) and the cost of an incremental re-match.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Catalog, Library, MatchService } from '@encore/core/testing';
import { buildScenario } from './match-scenarios.js';
import { WORK_DIR, ensureDir, fmt, printTable } from './lib.js';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 100_000);
const dir = path.join(ensureDir(WORK_DIR), `match-${PHOTOS}`);
fs.rmSync(dir, { recursive: true, force: true });

function insertCatalog(lib, { catalog, venues }) {
  const now = '2025-01-01T00:00:00.000Z';
  const db = lib.db;
  const venueIds = new Map();
  const artistIds = new Map();
  const insVenue =
    db.prepare(`INSERT INTO venues (name, setlistfm_id, city_name, city_geoname_id, country,
    city_lat, city_lon, lat, lon, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insArtist = db.prepare(`INSERT INTO artists (name, mbid) VALUES (?, ?)`);
  const insShow =
    db.prepare(`INSERT INTO shows (date, venue_id, tour, origin, created_at, updated_at)
    VALUES (?, ?, ?, 'setlistfm', ?, ?)`);
  const insBill = db.prepare(
    `INSERT INTO show_artists (show_id, artist_id, position) VALUES (?, ?, ?)`,
  );
  const insSetlist = db.prepare(
    `INSERT INTO setlists (show_id, artist_id, setlistfm_id, songs) VALUES (?, ?, ?, ?)`,
  );
  const showIds = new Map();
  lib.transaction(() => {
    for (const v of venues) {
      if (!v.true) continue;
      const row = insVenue.run(
        v.name,
        v.setlistfmId,
        v.cityName,
        v.cityGeonameId,
        v.country,
        v.cityLat,
        v.cityLon,
        v.lat,
        v.lon,
        now,
        now,
      );
      venueIds.set(v.setlistfmId, row.lastInsertRowid);
    }
    const artist = (a) => {
      if (!artistIds.has(a.name))
        artistIds.set(a.name, insArtist.run(a.name, a.mbid).lastInsertRowid);
      return artistIds.get(a.name);
    };
    for (const s of catalog) {
      const id = Number(
        insShow.run(s.date, venueIds.get(s.venueId), s.tour ?? null, now, now).lastInsertRowid,
      );
      showIds.set(s.key, id);
      s.artists.forEach((a, i) => insBill.run(id, artist(a), i));
      for (const l of s.setlists)
        insSetlist.run(id, artistIds.get(l.artist), l.id, JSON.stringify(l.songs));
    }
  });
  return showIds;
}

function insertPhotos(lib, photos) {
  const ins = lib.db
    .prepare(`INSERT INTO photos (id, size, format, kind, taken_at, taken_at_utc, sort_ms,
    time_zone, time_source, zone_source, lat, lon, city_id, city_name, city_country, created_at, updated_at)
    VALUES (?, 3000000, 'jpeg', 'image', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2025-01-01', '2025-01-01')`);
  lib.transaction(() => {
    for (const p of photos)
      ins.run(
        p.id,
        p.takenAt,
        p.takenAtUtc,
        p.utcMs,
        p.zone,
        p.timeSource,
        p.zoneSource,
        p.lat,
        p.lon,
        p.cityId ?? null,
        p.cityName ?? null,
        p.cityCountry ?? null,
      );
  });
}

/** Scores a run of events against the scenario's truth. */
function evaluate(events, scenario, showIds) {
  const truth = new Map(
    scenario.photos.map((p) => [p.id, p.truth === null ? null : showIds.get(p.truth)]),
  );
  const eventOf = new Map();
  let confident = 0;
  let wrong = 0;
  let impure = 0;
  const wrongExamples = [];
  for (const e of events) {
    const votes = new Map();
    for (const id of e.photoIds) {
      eventOf.set(id, e);
      votes.set(truth.get(id), (votes.get(truth.get(id)) ?? 0) + 1);
    }
    const [majority] = [...votes].sort((a, b) => b[1] - a[1])[0];
    if (votes.size > 1) impure++;
    if (e.status === 'matched' && e.decidedBy === 'auto') {
      confident++;
      if (e.show.id !== majority) {
        wrong++;
        if (wrongExamples.length < 5)
          wrongExamples.push({
            event: e.id,
            showDay: e.showDay,
            got: e.show.id,
            truth: majority,
            reasons: e.candidates[0]?.reasons,
          });
      }
    }
  }
  const c = {
    gps: 0,
    recalled: 0,
    amb: 0,
    ambReported: 0,
    falseAmb: 0,
    split: 0,
    noGps: 0,
    noGpsSuggested: 0,
    missed: [],
  };
  for (const concert of scenario.concerts) {
    const id = showIds.get(concert.show.key);
    const counts = new Map();
    for (const p of concert.photoIds)
      counts.set(eventOf.get(p), (counts.get(eventOf.get(p)) ?? 0) + 1);
    const [main] = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (!concert.gps) {
      c.noGps++;
      if (main.candidates.some((x) => x.show.id === id)) c.noGpsSuggested++;
      continue;
    }
    if (counts.size > 1) c.split++;
    if (concert.ambiguous) {
      c.amb++;
      if (main.status === 'ambiguous' && main.candidates.some((x) => x.show.id === id))
        c.ambReported++;
      continue;
    }
    c.gps++;
    if (main.status === 'matched' && main.show?.id === id) c.recalled++;
    else {
      if (main.status === 'ambiguous') c.falseAmb++;
      if (c.missed.length < 5)
        c.missed.push({
          event: main.id,
          showDay: main.showDay,
          status: main.status,
          truth: id,
          top: main.candidates[0] && {
            id: main.candidates[0].show.id,
            score: main.candidates[0].score,
            reasons: main.candidates[0].reasons,
          },
        });
    }
  }
  return {
    confident,
    wrong,
    wrongExamples,
    impure,
    ...c,
    ambiguousEvents: events.filter((e) => e.status === 'ambiguous').length,
    events: events.length,
  };
}

const pct = (a, b) => (b === 0 ? 'n/a' : `${fmt((100 * a) / b)}%`);
const ok = (cond) => (cond ? 'ok' : 'MISSED');

// ---- build -----------------------------------------------------------------------------
let t = performance.now();
const scenario = buildScenario({
  photos: PHOTOS,
  seed: Number(process.env.BENCH_SEED ?? 20240510),
});
const lib = Library.open(dir);
const showIds = insertCatalog(lib, scenario);
insertPhotos(lib, scenario.photos);
lib.db.exec('ANALYZE');
const kinds = {};
for (const s of scenario.catalog) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
console.log(
  `bench:match — ${scenario.photos.length.toLocaleString()} photos, ${scenario.catalog.length} shows ` +
    `(${Object.entries(kinds)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}), ${scenario.concerts.length} attended ` +
    `(${scenario.concerts.filter((c) => c.gps).length} with GPS, ${scenario.concerts.filter((c) => c.ambiguous).length} truly ambiguous); ` +
    `generated in ${fmt((performance.now() - t) / 1000, 1)} s`,
);

// ---- the measured run: build events + match, cold ---------------------------------------
const service = new MatchService(lib.db, { catalog: Catalog.forLibrary(lib) });
t = performance.now();
const built = service.rebuildEvents();
const buildMs = performance.now() - t;
t = performance.now();
const summary = await service.match();
const matchMs = performance.now() - t;
const m = evaluate(service.events(), scenario, showIds);
const totalMs = buildMs + matchMs;
const ambiguousTotal = m.amb;

console.log(
  `events: ${built.events} (${summary.matched} matched, ${summary.ambiguous} ambiguous, ${summary.unmatched} unmatched)`,
);
printTable([
  ['measure', 'value', 'target'],
  [
    'precision of confident matches',
    `${pct(m.confident - m.wrong, m.confident)} (${m.confident - m.wrong}/${m.confident})`,
    `100%: ${ok(m.wrong === 0)}`,
  ],
  [
    'recall, concerts with GPS',
    `${pct(m.recalled, m.gps)} (${m.recalled}/${m.gps})`,
    `>= 95%: ${ok(m.recalled >= 0.95 * m.gps)}`,
  ],
  [
    'truly ambiguous reported ambiguous',
    `${m.ambReported}/${ambiguousTotal}`,
    `all: ${ok(m.ambReported === ambiguousTotal)}`,
  ],
  [
    'ambiguity rate (ambiguous events / concerts with GPS)',
    `${pct(m.ambiguousEvents, m.gps + m.amb)} (${m.ambiguousEvents}; ${m.falseAmb} not truly ambiguous)`,
    '-',
  ],
  ['concerts without GPS: right show among suggestions', `${m.noGpsSuggested}/${m.noGps}`, '-'],
  [
    `build events + match ${scenario.photos.length.toLocaleString()} photos`,
    `${fmt(totalMs, 0)} ms (events ${fmt(buildMs, 0)} + match ${fmt(matchMs, 0)})`,
    `< 2000 ms: ${ok(totalMs < 2000)}`,
  ],
]);
if (m.wrongExamples.length)
  console.log('wrong confident matches (first 5):', JSON.stringify(m.wrongExamples, null, 1));
if (m.missed.length) console.log('missed concerts (first 5):', JSON.stringify(m.missed, null, 1));

// ---- incremental: nothing changed, then one show edited ----------------------------------
t = performance.now();
service.rebuildEvents();
const idle = await service.match();
const idleMs = performance.now() - t;
const edited = showIds.get(scenario.concerts[0].show.key);
lib.db.prepare(`UPDATE shows SET updated_at = '2025-06-01T00:00:00.000Z' WHERE id = ?`).run(edited);
t = performance.now();
service.rebuildEvents();
const after = await service.match();
const editMs = performance.now() - t;
console.log(
  `re-run, nothing changed: ${fmt(idleMs, 0)} ms, ${idle.rematched} events re-scored; ` +
    `one show edited: ${fmt(editMs, 0)} ms, ${after.rematched} event(s) re-scored`,
);

// ---- why the default gap rule: the same photos under each rule ----------------------------
const rules = [
  ['fixed 1 h', { gapRule: 'fixed', fixedGapMs: 3_600_000 }],
  ['fixed 3 h', { gapRule: 'fixed', fixedGapMs: 3 * 3_600_000 }],
  ['PhotoTOC (K=log 17, d=10)', { gapRule: 'phototoc' }],
  ['encore: PhotoTOC, >= 2 h, always > 6 h', { gapRule: 'encore' }],
];
const rows = [
  [
    'gap rule',
    'events',
    'GPS concerts split',
    'mixed events',
    'precision',
    'recall',
    'ambiguous found',
  ],
];
for (const [name, clustering] of rules) {
  const s = new MatchService(lib.db, { catalog: Catalog.forLibrary(lib), clustering });
  s.rebuildEvents();
  await s.match({ onlyChanged: false });
  const r = evaluate(s.events(), scenario, showIds);
  rows.push([
    name,
    r.events,
    r.split,
    r.impure,
    pct(r.confident - r.wrong, r.confident),
    pct(r.recalled, r.gps),
    `${r.ambReported}/${r.amb}`,
  ]);
}
console.log(
  '\ngap rules on the same library (split = a concert spread over several events; mixed = an event with photos of more than one truth):',
);
printTable(rows);
console.log(`peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
lib.close();
