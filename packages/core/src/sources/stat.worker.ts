// Stats batches of files for the folder walker on a second core. Replies with sizes and
// mtimes packed in a transferable Float64Array (size -1: not a regular file; -2: the stat
// failed or found nothing, with the errno in `errs` for the walker to report).
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

interface StatBatch {
  id: number;
  dir: string;
  names: string[];
}

const port = (workerData as { port: MessagePort }).port;

port.on('message', (batch: StatBatch) => {
  const out = new Float64Array(batch.names.length * 2);
  const errs: [number, string][] = [];
  const prefix = batch.dir + path.sep;
  for (let i = 0; i < batch.names.length; i++) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(prefix + batch.names[i], { throwIfNoEntry: false });
    } catch (err) {
      // One bad entry (ELOOP, ENAMETOOLONG, EIO, ...) must not take the batch down with it.
      out[2 * i] = -2;
      errs.push([i, (err as NodeJS.ErrnoException).code ?? 'UNKNOWN']);
      continue;
    }
    if (st && st.isFile()) {
      out[2 * i] = st.size;
      out[2 * i + 1] = st.mtimeMs;
    } else if (st) {
      out[2 * i] = -1;
    } else {
      out[2 * i] = -2;
      errs.push([i, 'ENOENT']);
    }
  }
  port.postMessage({ id: batch.id, out, errs: errs.length > 0 ? errs : undefined }, [out.buffer]);
});
parentPort?.postMessage('ready');
