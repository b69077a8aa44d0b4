// One Encore ingest, in its own process so the parent measures its wall time and peak RSS.
// Usage: node bench/ingest-run.js LIBRARY_DIR PHOTO_DIR [WORKERS]
import { Engine } from '@encore/core';
import { engineInternals } from '@encore/core/testing';

const [libraryDir, photoDir, workers] = process.argv.slice(2);
const engine = await Engine.open({
  libraryDir,
  workers: workers ? Number(workers) : null,
  homeZone: 'UTC',
});
const t = performance.now();
const summary = await engine.call('library.scan', { paths: [photoDir] });
const seconds = (performance.now() - t) / 1000;
const errors = (await engine.call('errors.list')).filter((e) => e.severity === 'error');
const workerCount = engineInternals(engine).workerCount();
await engine.close();
console.log(
  JSON.stringify({
    seconds,
    photos: summary.photos,
    errors: errors.length,
    workers: workerCount,
  }),
);
