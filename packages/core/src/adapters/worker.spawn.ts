// Starts a worker thread from a module next to the caller. From built code that is the .js
// file; from TypeScript source (tests) a tiny bootstrap registers tsx in the thread first.
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function spawnWorker(
  callerUrl: string,
  moduleBase: string,
  options: WorkerOptions = {},
): Worker {
  if (callerUrl.endsWith('.ts')) {
    const entry = new URL(`./${moduleBase}.ts`, callerUrl).href;
    const data = { ...(options.workerData as object | undefined), __entry: entry };
    return new Worker(new URL('./dev-worker.mjs', import.meta.url), {
      ...options,
      workerData: data,
    });
  }
  return new Worker(new URL(`./${moduleBase}.js`, callerUrl), options);
}
