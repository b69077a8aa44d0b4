// HEIC rendering benchmark: Encore's time to the grid thumbnail and to the preview for every
// HEIC fixture, next to heif-convert (libheif's reference CLI, native libde265) converting the
// same file to JPEG, and vipsthumbnail making the same sizes, on the same machine.
// Run: npm run bench:heic   (builds first; needs apt's libheif-examples and libvips-tools)
// Target: grid in under a quarter of heif-convert's time when the file embeds a thumbnail.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  FIXTURES,
  WORK_DIR,
  ensureDir,
  fmt,
  median,
  printTable,
  runMeasured,
  which,
} from './lib.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const HEIC_DIR = path.join(FIXTURES, 'heic');
const OUT = ensureDir(path.join(WORK_DIR, 'heic'));

const dist = new URL('../packages/core/dist/media/render.service.js', import.meta.url);
if (!fs.existsSync(dist)) {
  console.error(
    'packages/core/dist is missing: run `npm run build` first (or `npm run bench:heic`, which builds).',
  );
  process.exit(1);
}
const { renderMedia } = await import(dist.href);
const { HeicFile } = await import(
  new URL('../packages/core/dist/media/heic.codec.js', import.meta.url).href
);

// sharp sets VIPSHOME for its bundled libvips; inherited by vipsthumbnail it hides the system
// libvips' loadable modules (HEIF among them), so the reference tools must not see it.
delete process.env.VIPSHOME;

const heifConvert = which('heif-convert');
const vipsthumbnail = which('vipsthumbnail');
if (!heifConvert) {
  console.error(
    'heif-convert not found: install it with `apt-get install libheif-examples` to compare against it.',
  );
  console.error(
    'Encore timings are still printed below; the ratio column needs the reference tool.\n',
  );
}
if (!vipsthumbnail)
  console.error(
    'vipsthumbnail not found (`apt-get install libvips-tools`): skipping that column.\n',
  );

function ms(seconds) {
  return seconds * 1000;
}

async function timeRender(bytes, file, sizes) {
  let gridAt;
  const start = performance.now();
  await renderMedia({
    path: file,
    bytes,
    format: 'heic',
    sizes,
    onRendition: (r) => {
      if (r.size === 'grid') gridAt = performance.now() - start;
    },
  });
  return { total: performance.now() - start, grid: gridAt };
}

const files = fs
  .readdirSync(HEIC_DIR)
  .filter((f) => /\.hei[cf]$/i.test(f))
  .sort();

// One warm-up render instantiates the WASM decoder, as a worker does once for its lifetime.
const warmStart = performance.now();
await renderMedia({
  path: 'warm-up',
  bytes: fs.readFileSync(path.join(HEIC_DIR, files[0])),
  format: 'heic',
  sizes: ['grid'],
});
const warmUp = performance.now() - warmStart;

const rows = [
  [
    'file',
    'MP',
    'thumb',
    'grid ms',
    'grid (full run)',
    'preview ms',
    'heif-convert ms',
    'grid/heif-convert',
    'preview/heif-convert',
    'vipsthumbnail grid ms',
    'vipsthumbnail 1600 ms',
  ],
];
const summary = { grid: [], preview: [], ref: [], refRss: 0 };
for (const file of files) {
  const full = path.join(HEIC_DIR, file);
  const bytes = fs.readFileSync(full);
  const heic = HeicFile.open(bytes, file);
  const { width, height } = heic.size;
  const thumb = heic.thumbnailSize();
  heic.close();

  const gridOnly = [];
  for (let i = 0; i < REPEATS; i++) gridOnly.push((await timeRender(bytes, file, ['grid'])).total);
  const fullRuns = [];
  for (let i = 0; i < Math.max(3, Math.ceil(REPEATS / 2)); i++)
    fullRuns.push(await timeRender(bytes, file, ['grid', 'preview']));
  const grid = median(gridOnly);
  const gridInFull = median(fullRuns.map((r) => r.grid));
  const preview = median(fullRuns.map((r) => r.total));

  let ref;
  if (heifConvert) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const r = runMeasured(heifConvert, ['--quiet', full, path.join(OUT, `${file}.jpg`)], {
        quiet: true,
      });
      times.push(ms(r.seconds));
      summary.refRss = Math.max(summary.refRss, r.maxRssMb);
    }
    ref = median(times);
    summary.ref.push(ref);
  }
  let vipsGrid = '-';
  let vipsPreview = '-';
  if (vipsthumbnail) {
    // Same boxes as Encore's renditions: grid 320 on the short side, preview 1600 on the long side.
    const box =
      width < height
        ? `320x${Math.ceil((320 * height) / width)}`
        : `${Math.ceil((320 * width) / height)}x320`;
    const run = (size, name) =>
      median(
        [0, 1, 2].map(() =>
          ms(
            runMeasured(vipsthumbnail, [full, '-s', size, '-o', path.join(OUT, name)], {
              quiet: true,
            }).seconds,
          ),
        ),
      );
    vipsGrid = fmt(run(box, `${file}.grid.jpg`), 0);
    vipsPreview = fmt(run('1600', `${file}.preview.jpg`), 0);
  }
  summary.grid.push(grid);
  summary.preview.push(preview);
  rows.push([
    file,
    fmt((width * height) / 1e6, 1),
    thumb ? `${thumb.width}x${thumb.height}` : 'none',
    fmt(grid, 0),
    fmt(gridInFull, 0),
    fmt(preview, 0),
    ref === undefined ? '-' : fmt(ref, 0),
    ref === undefined ? '-' : fmt(grid / ref, 3),
    ref === undefined ? '-' : fmt(preview / ref, 2),
    vipsGrid,
    vipsPreview,
  ]);
}

console.log(
  `HEIC bench: ${files.length} files, median of ${REPEATS} grid-only runs and ${Math.max(3, Math.ceil(REPEATS / 2))} full runs; WASM decoder instantiation + first file ${fmt(warmUp, 0)} ms (once per worker).`,
);
console.log(
  'grid ms = render with sizes [grid]; grid (full run) = when the grid arrived during a grid+preview render; preview ms = whole grid+preview render.\n',
);
printTable(rows);
console.log('');
console.log(
  `median grid ${fmt(median(summary.grid), 0)} ms, median preview ${fmt(median(summary.preview), 0)} ms` +
    (summary.ref.length
      ? `, median heif-convert ${fmt(median(summary.ref), 0)} ms (grid ratio ${fmt(median(summary.grid) / median(summary.ref), 3)})`
      : ''),
);
console.log(
  `peak RSS: encore ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB (this process, WASM heap included)` +
    (summary.ref.length ? `, heif-convert ${fmt(summary.refRss, 0)} MB` : ''),
);
