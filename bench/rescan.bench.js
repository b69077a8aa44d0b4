// bench:rescan — rescan of an unchanged tree of 100,000 files, against
// `find DIR -type f -printf '%s %T@\n'` on the same tree (both warm). Target: within 3x.
// The library is primed as if every file had been ingested, so the rescan is the real
// SourceService.rescan doing its real work: one stat per file and a compare.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine } from '@encore/core';
import { engineInternals } from '@encore/core/testing';
import { WORK_DIR, ensureDir, fmt, median, printTable } from './lib.js';

const FILES = Number(process.env.BENCH_FILES ?? 100_000);
const PER_DIR = 200;
const tree = path.join(ensureDir(WORK_DIR), `rescan-tree-${FILES}`);
const libDir = path.join(WORK_DIR, `rescan-library-${FILES}`);

if (!fs.existsSync(path.join(tree, '.complete'))) {
  fs.rmSync(tree, { recursive: true, force: true });
  const t = performance.now();
  for (let i = 0; i < FILES; i++) {
    const d = path.join(
      tree,
      `${2000 + (Math.floor(i / PER_DIR) % 20)}`,
      `event-${Math.floor(i / PER_DIR)}`,
    );
    if (i % PER_DIR === 0) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, `IMG_${String(i).padStart(6, '0')}.jpg`), `photo ${i}`);
  }
  fs.writeFileSync(path.join(tree, '.complete'), '');
  console.log(
    `made ${FILES.toLocaleString()} files in ${fmt((performance.now() - t) / 1000, 1)} s`,
  );
}

fs.rmSync(libDir, { recursive: true, force: true });
const engine = await Engine.open({ libraryDir: libDir });
const added = await engine.call('sources.add', { path: tree });
// The rescan itself is what is measured, so it is driven behind the engine's door (no ingest).
const { sources, library } = engineInternals(engine);
const source = sources.resolve(added.id);
// First pass records every file; then mark them ingested, as after a real first scan.
const first = await sources.rescan(source);
library.db.prepare(`UPDATE locations SET state = 'ok'`).run();
library.db.prepare(`DELETE FROM jobs`).run();
if (first.seen !== FILES) throw new Error(`expected ${FILES} files, saw ${first.seen}`);

const encore = [];
const find = [];
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  const r = await sources.rescan(source);
  encore.push((performance.now() - t) / 1000);
  if (r.queued !== 0 || r.removed !== 0 || r.seen !== FILES)
    throw new Error(`unchanged tree rescan changed things: ${JSON.stringify(r)}`);
  t = performance.now();
  const f = spawnSync('find', [tree, '-type', 'f', '-printf', '%s %T@\n'], { maxBuffer: 1 << 30 });
  find.push((performance.now() - t) / 1000);
  if (f.status !== 0) throw new Error('find failed');
}
await engine.close();

const e = median(encore);
const f = median(find);
console.log(`\nbench:rescan — unchanged tree of ${FILES.toLocaleString()} files (${tree})`);
printTable([
  ['tool', 'median s (5 runs)', 'files/s'],
  ['encore rescan', fmt(e, 3), Math.round(FILES / e).toLocaleString()],
  ["find -printf '%s %T@'", fmt(f, 3), Math.round(FILES / f).toLocaleString()],
]);
console.log(
  `ratio encore/find: ${fmt(e / f)}x (target within 3x: ${e / f <= 3 ? 'ok' : 'MISSED'})`,
);
console.log(`peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
