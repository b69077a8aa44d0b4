// bench:library — a library of 1,000,000 synthetic photo rows: engine open time, the first
// grid page, a page deep in a date range, a city filter. Target: each < 10 ms, open < 1 s.
// Reference: the same queries with OFFSET paging (what a naive grid does), for the ratio.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine } from '@encore/core';
import { engineInternals, Library } from '@encore/core/testing';
import { WORK_DIR, ensureDir, fmt, median, percentile, printTable } from './lib.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.join(ensureDir(WORK_DIR), `library-${ROWS}`);
const CITIES = [
  2950159, 2643743, 5128581, 2988507, 3117735, 2761369, 3169070, 2673730, 2618425, 3067696,
];
const START = Date.UTC(2012, 0, 1);
const SPAN = 10 * 365 * 86400_000;

function build() {
  fs.rmSync(dir, { recursive: true, force: true });
  const lib = Library.open(dir);
  const t = performance.now();
  const src = lib.sources.insert('/bench/photos', new Date());
  const insertPhoto = lib.db
    .prepare(`INSERT INTO photos (id, size, format, kind, width, height, orientation,
      taken_at, taken_at_utc, sort_ms, time_zone, time_source, zone_source, lat, lon, city_id, city_name,
      city_country, thumbhash, phash, created_at, updated_at)
    VALUES (?, 3000000, 'jpeg', 'image', 4032, 3024, 1, ?, ?, ?, 'UTC', 'exif-original', 'gps-lookup', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLoc = lib.db.prepare(
    `INSERT INTO locations (source_id, rel_path, size, mtime_ms, photo_id, state) VALUES (?, ?, 3000000, 0, ?, 'ok')`,
  );
  const insertThumb = lib.db.prepare(
    `INSERT INTO thumbnails (photo_id, size, file, width, height, bytes, mime) VALUES (?, 'grid', ?, 427, 320, 20000, 'image/webp')`,
  );
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const now = new Date().toISOString();
  const batch = lib.db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const id = i.toString(16).padStart(64, '0');
      const ms = START + Math.floor(rand() * SPAN);
      const iso = new Date(ms).toISOString();
      const city = CITIES[i % CITIES.length];
      insertPhoto.run(
        id,
        iso.replace('Z', '+00:00'),
        iso,
        ms,
        48 + rand(),
        2 + rand(),
        city,
        `City ${city}`,
        'XX',
        'AAAA',
        'ffffffffffffffff',
        now,
        now,
      );
      insertLoc.run(src.id, `${Math.floor(i / 1000)}/${i}.jpg`, id);
      insertThumb.run(id, `thumbs/grid/${id.slice(0, 2)}/${id}.webp`);
    }
  });
  for (let i = 0; i < ROWS; i += 50_000) batch(i, Math.min(ROWS, i + 50_000));
  lib.db.exec('ANALYZE');
  lib.close();
  console.log(`built ${ROWS.toLocaleString()} rows in ${fmt((performance.now() - t) / 1000, 1)} s`);
}

function time(fn, reps = 50) {
  fn();
  const samples = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { median: median(samples), p95: percentile(samples, 95) };
}

if (!fs.existsSync(path.join(dir, 'library.db')) || process.env.BENCH_REBUILD) build();

const opens = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const e = await Engine.open({ libraryDir: dir });
  await e.call('library.page', { limit: 1 });
  opens.push(performance.now() - t);
  await e.close();
}

// Cold: a new process that loads the engine, opens the library and answers the first page.
const cold = [];
const distIndex = new URL('../packages/core/dist/index.js', import.meta.url).href;
const script = `const t = performance.now(); const { Engine } = await import(${JSON.stringify(distIndex)});
const e = await Engine.open({ libraryDir: ${JSON.stringify(dir)} }); await e.call('library.page', { limit: 100 });
console.log(performance.now() - t); await e.close();`;
for (let i = 0; i < 3; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  cold.push(Number(r.stdout.trim()));
}

const engine = await Engine.open({ libraryDir: dir });
const db = engineInternals(engine).library.db;
const from = new Date(START + SPAN * 0.6).toISOString();
const to = new Date(START + SPAN * 0.7).toISOString();

// A cursor 200 pages deep into the date range, as a user scrolling far would hold.
let cursor = null;
for (let i = 0; i < 200; i++)
  cursor = (await engine.call('library.page', { limit: 100, from, to, cursor })).next;

const cases = [
  [
    'first grid page',
    { limit: 100 },
    'SELECT * FROM photos WHERE orphaned_at IS NULL ORDER BY sort_ms DESC, id DESC LIMIT 100',
  ],
  [
    'page 200 deep in a date range',
    { limit: 100, from, to, cursor },
    `SELECT * FROM photos WHERE orphaned_at IS NULL AND sort_ms BETWEEN ${Date.parse(from)} AND ${Date.parse(to)} ORDER BY sort_ms DESC, id DESC LIMIT 100 OFFSET 20000`,
  ],
  [
    'city filter',
    { limit: 100, cityId: CITIES[3] },
    `SELECT * FROM photos WHERE orphaned_at IS NULL AND city_id = ${CITIES[3]} ORDER BY sort_ms DESC, id DESC LIMIT 100 OFFSET 20000`,
  ],
];

const rows = [
  [
    'query',
    'encore median ms',
    'encore p95 ms',
    'OFFSET reference ms',
    'ratio (ref/encore)',
    'target',
  ],
];
const results = [];
for (const [name, q, refSql] of cases) {
  const page = await engine.call('library.page', q);
  if (page.items.length !== 100)
    throw new Error(`${name}: expected 100 photos, got ${page.items.length}`);
  // better-sqlite3 is synchronous: time the engine's call end to end with a resolved promise.
  const samples = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await engine.call('library.page', q);
    samples.push(performance.now() - t);
  }
  const enc = { median: median(samples), p95: percentile(samples, 95) };
  const stmt = db.prepare(refSql);
  const ref = time(() => stmt.all(), 10);
  results.push({ name, ...enc });
  rows.push([
    name,
    fmt(enc.median),
    fmt(enc.p95),
    fmt(ref.median),
    fmt(ref.median / enc.median, 1) + 'x',
    enc.p95 < 10 ? 'ok (<10 ms)' : 'MISSED (>=10 ms)',
  ]);
}
await engine.close();

console.log(`\nbench:library — ${ROWS.toLocaleString()} photos, ${dir}`);
printTable(rows);
const openMs = median(opens);
console.log(`engine open + first page, warm process: median ${fmt(openMs)} ms`);
const coldMs = median(cold);
console.log(
  `engine open + first page, new process (module load included): median ${fmt(coldMs)} ms (target < 1000 ms: ${coldMs < 1000 ? 'ok' : 'MISSED'})`,
);
console.log(`peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
