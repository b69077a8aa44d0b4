// One Encore ingest, in its own process so the parent measures its wall time and peak RSS.
// Usage: node bench/ingest-run.js LIBRARY_DIR PHOTO_DIR [WORKERS]
import { Engine } from '../packages/core/dist/index.js';

const [libraryDir, photoDir, workers] = process.argv.slice(2);
const engine = await Engine.open({
  libraryDir,
  workers: workers ? Number(workers) : null,
  homeZone: 'UTC',
});
const t = performance.now();
const summary = await engine.scan([photoDir]);
const seconds = (performance.now() - t) / 1000;
const errors = engine.errors().filter((e) => e.severity === 'error');
const workerCount = engine.workerCount();
await engine.close();
console.log(
  JSON.stringify({
    seconds,
    photos: summary.photos,
    errors: errors.length,
    workers: workerCount,
  }),
);
