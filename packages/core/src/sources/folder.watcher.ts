// Live watching of one local folder. chokidar's awaitWriteFinish holds an event until the
// file's size stops changing, so a photo being copied in is ingested once, complete.
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
  watcher.on(
    'add',
    (p, st) =>
      st && onEvent({ type: 'upsert', relPath: rel(p), size: st.size, mtimeMs: st.mtimeMs }),
  );
  watcher.on(
    'change',
    (p, st) =>
      st && onEvent({ type: 'upsert', relPath: rel(p), size: st.size, mtimeMs: st.mtimeMs }),
  );
  watcher.on('unlink', (p) => onEvent({ type: 'remove', relPath: rel(p) }));
  watcher.on('unlinkDir', (p) => onEvent({ type: 'removeDir', relPath: rel(p) }));
  watcher.on('error', (err) => onError(err as Error));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}
