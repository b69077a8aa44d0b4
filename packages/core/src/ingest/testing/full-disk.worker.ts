// Test-only ingest worker entry: the real worker (ingest.worker.ts) on a disk that is full
// while the file `workerData.fullFlag` exists. Thumbnail temp files cannot be created then
// (ENOSPC from open, as the kernel says it), the way a full library disk fails, without
// needing a size-limited file system. Loaded through adapters/dev-worker.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { workerData } from 'node:worker_threads';

const flag = (workerData as { fullFlag: string }).fullFlag;
const thumbs = `${path.sep}thumbs${path.sep}`;
const openSync = fs.openSync;

fs.openSync = ((...args: Parameters<typeof fs.openSync>) => {
  const name = String(args[0]);
  if (name.includes(thumbs) && name.endsWith('.tmp') && fs.existsSync(flag)) {
    throw Object.assign(new Error(`ENOSPC: no space left on device, open '${name}'`), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'open',
      path: name,
    });
  }
  return openSync(...args);
}) as typeof fs.openSync;

await import('../ingest.worker.js');
