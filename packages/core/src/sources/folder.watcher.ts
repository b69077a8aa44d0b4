// Live watching of one local folder. chokidar's awaitWriteFinish holds an event until the
// file's size stops changing, so a photo being copied in is ingested once, complete.
import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isHiddenOrSystem, isIgnoredRelPath } from './file-filter.js';

export type WatchEvent =
  | { type: 'upsert'; relPath: string; size: number; mtimeMs: number }
  | { type: 'remove'; relPath: string }
  | { type: 'removeDir'; relPath: string };

export interface FolderWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** ms the size must stay still before a new or changed file is reported. */
  stabilityMs?: number;
  usePolling?: boolean;
}

export function watchFolder(
  root: string,
  onEvent: (e: WatchEvent) => void,
  onError: (err: Error) => void,
  options: WatchOptions = {},
): FolderWatcher {
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    alwaysStat: true,
    followSymlinks: false,
    usePolling: options.usePolling ?? false,
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 1000, pollInterval: 100 },
    ignored: (p: string, stats?: { isFile(): boolean; isDirectory(): boolean }) => {
      const rel = path.relative(root, p);
      if (!rel || rel.startsWith('..')) return false;
      if (stats?.isDirectory()) return rel.split(path.sep).some(isHiddenOrSystem);
      if (stats?.isFile()) return isIgnoredRelPath(rel);
      return rel.split(path.sep).some(isHiddenOrSystem);
    },
  });
  const rel = (p: string): string => path.relative(root, p);
  // followSymlinks: false hands us a link's own lstat: a link to a folder (`ln -s . loop`)
  // would become a "file", a link to a photo would carry the link's size. Like the walker,
  // look through the link: a regular file is upserted with its own size and mtime, anything
  // else is skipped, and a failed stat (ELOOP, ...) goes to onError with its path.
  const upsert = (p: string, st: fs.Stats | undefined): void => {
    if (!st) return;
    let file = st;
    if (!st.isFile()) {
      try {
        file = fs.statSync(p);
      } catch (err) {
        onError(err as Error);
        return;
      }
      if (!file.isFile()) return;
    }
    onEvent({ type: 'upsert', relPath: rel(p), size: file.size, mtimeMs: file.mtimeMs });
  };
  watcher.on('add', upsert);
  watcher.on('change', upsert);
  watcher.on('unlink', (p) => onEvent({ type: 'remove', relPath: rel(p) }));
  watcher.on('unlinkDir', (p) => onEvent({ type: 'removeDir', relPath: rel(p) }));
  watcher.on('error', (err) => onError(err as Error));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}
