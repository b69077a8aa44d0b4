// Stats batches of files for the folder walker on a second core. Replies with sizes and
// mtimes packed in a transferable Float64Array (size -1: gone or not a regular file).
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
  const prefix = batch.dir + path.sep;
  for (let i = 0; i < batch.names.length; i++) {
    const st = fs.statSync(prefix + batch.names[i], { throwIfNoEntry: false });
    if (st && st.isFile()) {
      out[2 * i] = st.size;
      out[2 * i + 1] = st.mtimeMs;
    } else {
      out[2 * i] = -1;
    }
  }
  port.postMessage({ id: batch.id, out }, [out.buffer]);
});
parentPort?.postMessage('ready');
