// Lists every candidate file under a folder with its size and mtime, as fast as the disk
// allows: directory reads are synchronous (an in-cache readdir or stat costs microseconds; a
// promise round trip costs more than the syscall), and the stats are shared with a helper
// thread on another core, fed and drained without blocking (receiveMessageOnPort). The walk
// yields to the event loop every few milliseconds so the engine stays responsive. Hidden and
// system folders are not entered; symlinked folders are not followed (they loop).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  type MessagePort,
  type Worker,
} from 'node:worker_threads';
import { spawnWorker } from '../adapters/worker.spawn.js';
import { isCandidateFile, isHiddenOrSystem } from './file-filter.js';

export interface WalkEntry {
  relPath: string;
  size: number;
  mtimeMs: number;
}

interface Batch {
  id: number;
  dir: string;
  relPrefix: string;
  names: string[];
}

const SLICE_MS = 8;
const BATCH = 256;
// Below this many files a helper thread costs more to start than it saves.
const HELPER_THRESHOLD = 4096;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FolderWalker {
  private helper: { worker: Worker; port: MessagePort } | null = null;

  constructor(private readonly useHelper = os.availableParallelism() > 1) {}

  async walk(root: string, onEntry: (e: WalkEntry) => void): Promise<number> {
    let count = 0;
    let nextId = 0;
    let seen = 0;
    const dirs: string[] = [''];
    const queue: Batch[] = [];
    const inflight = new Map<number, Batch>();
    let sliceStart = performance.now();

    const emit = (b: Batch, sizes: ArrayLike<number>): void => {
      for (let i = 0; i < b.names.length; i++) {
        const size = sizes[2 * i]!;
        if (size < 0) continue;
        count++;
        onEntry({ relPath: b.relPrefix + b.names[i], size, mtimeMs: sizes[2 * i + 1]! });
      }
    };
    const statHere = (b: Batch): void => {
      const out = new Float64Array(b.names.length * 2);
      const prefix = b.dir + path.sep;
      for (let i = 0; i < b.names.length; i++) {
        // Vanished between readdir and stat: the watcher or the next scan sees the truth.
        const st = fs.statSync(prefix + b.names[i], { throwIfNoEntry: false });
        if (st && st.isFile()) {
          out[2 * i] = st.size;
          out[2 * i + 1] = st.mtimeMs;
        } else out[2 * i] = -1;
      }
      emit(b, out);
    };
    const drainHelper = (): void => {
      if (!this.helper) return;
      for (
        let m = receiveMessageOnPort(this.helper.port);
        m;
        m = receiveMessageOnPort(this.helper.port)
      ) {
        const { id, out } = m.message as { id: number; out: Float64Array };
        const b = inflight.get(id)!;
        inflight.delete(id);
        emit(b, out);
      }
    };

    while (dirs.length > 0 || queue.length > 0 || inflight.size > 0) {
      drainHelper();
      const rel = dirs.pop();
      if (rel !== undefined) {
        const abs = rel ? path.join(root, rel) : root;
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(abs, { withFileTypes: true });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR')
            continue;
          throw err;
        }
        const relPrefix = rel ? rel + path.sep : '';
        let names: string[] = [];
        for (const e of entries) {
          if (e.isDirectory()) {
            if (!isHiddenOrSystem(e.name)) dirs.push(relPrefix + e.name);
          } else if ((e.isFile() || e.isSymbolicLink()) && isCandidateFile(e.name)) {
            names.push(e.name);
            if (names.length === BATCH) {
              queue.push({ id: nextId++, dir: abs, relPrefix, names });
              names = [];
            }
          }
        }
        if (names.length > 0) queue.push({ id: nextId++, dir: abs, relPrefix, names });
        seen += entries.length;
        if (!this.helper && this.useHelper && seen > HELPER_THRESHOLD) this.startHelper();
      }
      // Keep the helper fed; stat the rest here.
      while (this.helper && inflight.size < 2 && queue.length > 0) {
        const b = queue.shift()!;
        inflight.set(b.id, b);
        this.helper.port.postMessage({ id: b.id, dir: b.dir, names: b.names });
      }
      const mine = dirs.length === 0 || queue.length > 8 ? queue.pop() : undefined;
      if (mine) statHere(mine);
      if (
        performance.now() - sliceStart > SLICE_MS ||
        (dirs.length === 0 && queue.length === 0 && inflight.size > 0)
      ) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    return count;
  }

  close(): void {
    this.helper?.port.close();
    void this.helper?.worker.terminate();
    this.helper = null;
  }

  private startHelper(): void {
    const { port1, port2 } = new MessageChannel();
    const worker = spawnWorker(import.meta.url, 'stat.worker', {
      workerData: { port: port2 },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    this.helper = { worker, port: port1 };
  }
}

/** One-off walk (tests, small folders). */
export async function walkFolder(root: string, onEntry: (e: WalkEntry) => void): Promise<number> {
  const walker = new FolderWalker();
  try {
    return await walker.walk(root, onEntry);
  } finally {
    walker.close();
  }
}
