// Lists every candidate file under a folder with its size and mtime, as fast as the disk
// allows: directory reads are synchronous (an in-cache readdir or stat costs microseconds; a
// promise round trip costs more than the syscall), and the stats are shared with a helper
// thread on another core, fed and drained without blocking (receiveMessageOnPort). The walk
// yields to the event loop every few milliseconds so the engine stays responsive. Hidden and
// system folders are not entered; symlinked folders are not followed (they loop). Whatever
// cannot be read (a symlink loop, a path too long, an I/O or permission error, a name that is
// not UTF-8) is one problem for that path (`onProblem`) and the walk goes on.
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
import { isUtf8Name, printableName, scanProblemFor, type ScanProblem } from './scan-problem.js';

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

  async walk(
    root: string,
    onEntry: (e: WalkEntry) => void,
    onProblem: (p: ScanProblem) => void = () => {},
  ): Promise<number> {
    let count = 0;
    let nextId = 0;
    let seen = 0;
    const dirs: string[] = [''];
    const queue: Batch[] = [];
    const inflight = new Map<number, Batch>();
    let sliceStart = performance.now();

    const problem = (b: Batch, i: number, errno: string | undefined): void => {
      const p = scanProblemFor(
        errno,
        b.dir + path.sep + b.names[i],
        b.relPrefix + b.names[i],
        false,
      );
      if (p) onProblem(p);
    };
    // size -1: not a regular file; -2: the stat failed (errno in errs).
    const emit = (b: Batch, sizes: ArrayLike<number>, errs?: [number, string][]): void => {
      if (errs) for (const [i, errno] of errs) problem(b, i, errno);
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
        let st: fs.Stats | undefined;
        try {
          st = fs.statSync(prefix + b.names[i], { throwIfNoEntry: false });
        } catch (err) {
          out[2 * i] = -1;
          problem(b, i, (err as NodeJS.ErrnoException).code);
          continue;
        }
        if (st && st.isFile()) {
          out[2 * i] = st.size;
          out[2 * i + 1] = st.mtimeMs;
        } else {
          out[2 * i] = -1;
          // Vanished between readdir and stat, or a symlink to nothing.
          if (!st) problem(b, i, 'ENOENT');
        }
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
        const { id, out, errs } = m.message as {
          id: number;
          out: Float64Array;
          errs?: [number, string][];
        };
        const b = inflight.get(id)!;
        inflight.delete(id);
        emit(b, out, errs);
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
          const p = scanProblemFor((err as NodeJS.ErrnoException).code, abs, rel, true);
          if (p) onProblem(p);
          continue;
        }
        const relPrefix = rel ? rel + path.sep : '';
        // U+FFFD is what a name that is not UTF-8 decodes to; only then look at the bytes.
        const badNames = entries.some((e) => e.name.includes('\uFFFD'))
          ? nonUtf8Names(abs, relPrefix, onProblem)
          : null;
        let names: string[] = [];
        for (const e of entries) {
          if (badNames?.has(e.name)) continue;
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

/**
 * Names in a folder that are not valid UTF-8 (a Latin-1 "caf\xE9.jpg" from an old archive),
 * each reported as UNREADABLE_FILE_NAME, returned as the strings readdir decoded them to so
 * the walk skips them.
 *
 * Reported rather than ingested: on Linux a name is bytes, but a Node string path is
 * re-encoded as UTF-8, so the decoded name (with U+FFFD) names no file. Ingesting such a file
 * would need byte paths through every layer that holds one (locations.rel_path is TEXT, the
 * ingest workers, exiftool, the watcher, the app revealing the file), for names that macOS
 * (APFS/HFS+) and Windows (UTF-16) cannot even produce. The fix is to rename them (convmv -f
 * latin1 -t utf8), which the message says.
 */
function nonUtf8Names(
  abs: string,
  relPrefix: string,
  onProblem: (p: ScanProblem) => void,
): Set<string> {
  const bad = new Set<string>();
  let raw: fs.Dirent<Buffer>[];
  try {
    raw = fs.readdirSync(abs, { withFileTypes: true, encoding: 'buffer' });
  } catch {
    return bad;
  }
  for (const e of raw) {
    if (isUtf8Name(e.name)) continue;
    const decoded = e.name.toString('utf8');
    bad.add(decoded);
    const isDir = e.isDirectory();
    if (isDir ? isHiddenOrSystem(decoded) : !isCandidateFile(decoded)) continue;
    const shown = printableName(e.name);
    onProblem({
      relPath: relPrefix + shown,
      path: abs + path.sep + shown,
      isDir,
      code: 'UNREADABLE_FILE_NAME',
      message: `${isDir ? 'folder' : 'file'} "${shown}" in ${abs} has a name that is not valid UTF-8 and cannot be read${isDir ? ' (nothing in it is scanned)' : ''}; rename it (e.g. convmv -f latin1 -t utf8)`,
    });
  }
  return bad;
}

/** One-off walk (tests, small folders). */
export async function walkFolder(
  root: string,
  onEntry: (e: WalkEntry) => void,
  onProblem?: (p: ScanProblem) => void,
): Promise<number> {
  const walker = new FolderWalker();
  try {
    return await walker.walk(root, onEntry, onProblem);
  } finally {
    walker.close();
  }
}
