// Lists every candidate file under a folder with its size and mtime. Directory reads and stats
// run concurrently on libuv's pool; hidden and system folders are not entered; symlinked
// folders are not followed (they loop).
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isCandidateFile, isHiddenOrSystem } from './file-filter.js';

export interface WalkEntry {
  relPath: string;
  size: number;
  mtimeMs: number;
}

const CONCURRENCY = 64;

export async function walkFolder(root: string, onEntry: (e: WalkEntry) => void): Promise<number> {
  let count = 0;
  const dirs: string[] = [''];
  const inflight = new Set<Promise<void>>();

  const visitDir = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR') return;
      throw err;
    }
    const files: string[] = [];
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!isHiddenOrSystem(e.name)) dirs.push(rel ? path.join(rel, e.name) : e.name);
      } else if ((e.isFile() || e.isSymbolicLink()) && isCandidateFile(e.name)) {
        files.push(rel ? path.join(rel, e.name) : e.name);
      }
    }
    await Promise.all(
      files.map(async (relPath) => {
        try {
          const st = await fsp.stat(path.join(root, relPath));
          if (!st.isFile()) return;
          count++;
          onEntry({ relPath, size: st.size, mtimeMs: st.mtimeMs });
        } catch {
          // vanished between readdir and stat: the watcher or next scan sees the truth
        }
      }),
    );
  };

  while (dirs.length > 0 || inflight.size > 0) {
    while (dirs.length > 0 && inflight.size < CONCURRENCY) {
      const p = visitDir(dirs.pop()!).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    if (inflight.size > 0) await Promise.race(inflight);
  }
  return count;
}
