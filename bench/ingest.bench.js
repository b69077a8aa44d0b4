// bench:ingest — photos/s end to end (hash, metadata, grid + preview from one decode,
// ThumbHash, perceptual hash, commit) and peak RSS, against vipsthumbnail making the same two
// sizes from the same files, both using both cores.
// Usage: npm run bench:ingest [-- FOLDER]   (default: 200 generated 12 MP JPEGs)
// Target: >= 1.5x vipsthumbnail's throughput; peak RSS < 1 GB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeIngestPhotos } from './ingest-photos.js';
import { WORK_DIR, ensureDir, fmt, printTable, runMeasured, which } from './lib.js';
import sharp from 'sharp';

const cores = os.availableParallelism();
const folder = process.argv[2]
  ? path.resolve(process.argv[2])
  : await makeIngestPhotos(Number(process.env.BENCH_PHOTOS ?? 200));
const files = fs
  .readdirSync(folder)
  .filter((f) => !f.startsWith('.'))
  .map((f) => path.join(folder, f));
const count = files.length;

// sharp sets VIPSHOME for its bundled libvips; the system vipsthumbnail must not inherit it.
delete process.env.VIPSHOME;

// --- Encore ------------------------------------------------------------------------------
const encoreRuns = [];
for (const workers of [cores, Math.max(1, cores - 1)]) {
  const lib = path.join(ensureDir(WORK_DIR), `ingest-library-${workers}`);
  fs.rmSync(lib, { recursive: true, force: true });
  const r = runMeasured('node', ['bench/ingest-run.js', lib, folder, String(workers)], {
    env: { MALLOC_ARENA_MAX: '2' },
  });
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  if (out.errors > 0) console.error(`warning: ${out.errors} files failed in Encore's run`);
  encoreRuns.push({ workers, seconds: r.seconds, maxRssMb: r.maxRssMb, photos: out.photos });
}

// --- vipsthumbnail -----------------------------------------------------------------------
const vips = which('vipsthumbnail');
let reference = null;
if (!vips) {
  console.error(
    'vipsthumbnail not found: `apt-get install libvips-tools` to run the reference side.',
  );
} else {
  const out = ensureDir(path.join(WORK_DIR, 'ingest-vips'));
  fs.rmSync(out, { recursive: true, force: true });
  ensureDir(out);
  // Grid = 320 px on the short side, preview = 1600 px on the long side, both WebP, as Encore.
  const groups = { landscape: [], portrait: [] };
  for (const f of files) {
    const m = await sharp(f).metadata();
    const w = (m.orientation ?? 1) >= 5 ? m.height : m.width;
    const h = (m.orientation ?? 1) >= 5 ? m.width : m.height;
    (w >= h ? groups.landscape : groups.portrait).push(f);
  }
  // One lane per core, each running vipsthumbnail over its share of the files.
  const lanes = Array.from({ length: cores }, () => []);
  for (const [kind, list] of Object.entries(groups)) {
    list.forEach((f, i) => lanes[i % cores].push({ f, kind }));
  }
  const script = lanes
    .map((lane) => {
      const by = (kind) =>
        lane
          .filter((x) => x.kind === kind)
          .map((x) => JSON.stringify(x.f))
          .join(' ');
      const cmds = [];
      for (const kind of ['landscape', 'portrait']) {
        const list = by(kind);
        if (!list) continue;
        const grid = kind === 'landscape' ? '100000x320' : '320x100000';
        cmds.push(`vipsthumbnail -s ${grid} -o ${out}/%s_grid.webp[Q=80] ${list}`);
        cmds.push(`vipsthumbnail -s 1600 -o ${out}/%s_preview.webp[Q=80] ${list}`);
      }
      return `( ${cmds.join(' && ')} ) &`;
    })
    .join('\n');
  const r = runMeasured('bash', ['-c', `set -e\n${script}\nwait`]);
  const made = fs.readdirSync(out).length;
  if (made !== count * 2)
    throw new Error(`vipsthumbnail made ${made} files, expected ${count * 2}`);
  reference = r;
}

// --- report ------------------------------------------------------------------------------
console.log(`\nbench:ingest — ${count} photos from ${folder} on ${cores} cores`);
const rows = [['run', 'seconds', 'photos/s', 'peak RSS MB', 'vs vipsthumbnail']];
for (const r of encoreRuns) {
  const ratio = reference ? fmt(reference.seconds / r.seconds) + 'x' : '-';
  rows.push([
    `encore (${r.workers} workers)`,
    fmt(r.seconds),
    fmt(count / r.seconds),
    fmt(r.maxRssMb, 0),
    ratio,
  ]);
}
if (reference)
  rows.push([
    `vipsthumbnail (${cores} parallel, grid + preview)`,
    fmt(reference.seconds),
    fmt(count / reference.seconds),
    fmt(reference.maxRssMb, 0),
    '1.00x',
  ]);
printTable(rows);
const best = encoreRuns.reduce((a, b) => (a.seconds < b.seconds ? a : b));
if (reference) {
  const ratio = reference.seconds / best.seconds;
  console.log(
    `throughput ratio (best encore / vipsthumbnail): ${fmt(ratio)}x (target >= 1.5x: ${ratio >= 1.5 ? 'ok' : 'MISSED'})`,
  );
}
const maxRss = Math.max(...encoreRuns.map((r) => r.maxRssMb));
console.log(
  `encore peak RSS: ${fmt(maxRss, 0)} MB (target < 1024 MB: ${maxRss < 1024 ? 'ok' : 'MISSED'})`,
);
