// Local folder sources: add/remove/list, a rescan that costs one stat per unchanged file,
// and live watching. Both feed the same job queue.
import fs from 'node:fs';
import path from 'node:path';
import { EngineError } from '../domain/errors.js';
import type { SourceId } from '../domain/ids.js';
import type { Library } from '../library/library.js';
import type { SourceRow } from '../library/source.repository.js';
import { FolderWalker, type WalkEntry } from './folder.walker.js';
import {
  watchFolder,
  type FolderWatcher,
  type WatchEvent,
  type WatchOptions,
} from './folder.watcher.js';
import { isIgnoredRelPath } from './file-filter.js';
import { SCAN_PROBLEM_CODES, scanProblemFor, type ScanProblem } from './scan-problem.js';

export interface RescanResult {
  seen: number;
  queued: number;
  removed: number;
}

const BATCH = 2000;

export class SourceService {
  private readonly watchers = new Map<SourceId, FolderWatcher>();
  private readonly walker = new FolderWalker();
  private readonly reportedMissing = new Set<SourceId>();

  constructor(
    private readonly library: Library,
    private readonly onQueued: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  list(): SourceRow[] {
    return this.library.sources.list();
  }

  /** Adds a folder (idempotent). Nested folders of an existing source are refused. */
  add(folder: string): SourceRow {
    const abs = resolveFolder(folder);
    const existing = this.library.sources.findByPath(abs);
    if (existing) return existing;
    for (const s of this.library.sources.list()) {
      if (isInside(abs, s.path))
        throw new EngineError('SOURCE_OVERLAP', `${abs} is already inside the source ${s.path}`, {
          field: 'path',
        });
      if (isInside(s.path, abs))
        throw new EngineError('SOURCE_OVERLAP', `${abs} contains the source ${s.path}`, {
          field: 'path',
        });
    }
    return this.library.sources.insert(abs, new Date(this.now()));
  }

  /** Removes a source and its locations; photos found nowhere else leave the library. */
  async remove(idOrPath: string | number): Promise<SourceRow> {
    const source = this.resolve(idOrPath);
    await this.unwatch(source.id);
    const lib = this.library;
    lib.transaction(() => {
      const photoIds = lib.locations.photoIdsOfSource(source.id);
      lib.sources.delete(source.id);
      for (const id of photoIds) lib.photos.orphanIfUnreferenced(id, 0);
      lib.errors.clearUnder(source.path, SCAN_PROBLEM_CODES);
    });
    return source;
  }

  resolve(idOrPath: string | number): SourceRow {
    const asNumber =
      typeof idOrPath === 'number' ? idOrPath : /^\d+$/.test(idOrPath) ? Number(idOrPath) : null;
    const found =
      (asNumber != null ? this.library.sources.get(asNumber as SourceId) : null) ??
      this.library.sources.findByPath(path.resolve(String(idOrPath)));
    if (!found) throw new EngineError('NOT_FOUND', `no source ${idOrPath}`, { field: 'id' });
    return found;
  }

  /** Compares the folder with what the library knows; unchanged files cost one stat. */
  async rescan(source: SourceRow): Promise<RescanResult> {
    if (!fs.existsSync(source.path)) {
      throw new EngineError(
        'PATH_UNUSABLE',
        `source folder ${source.path} is missing (unmounted or deleted); nothing was changed`,
      );
    }
    const lib = this.library;
    const known = lib.locations.snapshot(source.id);
    let queued = 0;
    let pending: WalkEntry[] = [];
    let gone = false;
    const flush = (): void => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const nowMs = this.now();
      lib.transaction(() => {
        // Removed by another process (`encore sources remove`) while this scan ran: a location
        // of a missing source would fail its foreign key.
        if (gone || !lib.sources.exists(source.id)) {
          gone = true;
          return;
        }
        for (const e of batch) {
          const { id, needsIngest } = lib.locations.seen(source.id, e.relPath, e.size, e.mtimeMs);
          if (needsIngest) {
            lib.jobs.enqueue(id, nowMs);
            queued++;
          }
        }
      });
      if (!gone) this.onQueued();
    };
    const problems: ScanProblem[] = [];
    const seen = await this.walker.walk(
      source.path,
      (e) => {
        const k = known.get(e.relPath);
        if (k) {
          known.delete(e.relPath);
          if (k.size === e.size && k.mtimeMs === e.mtimeMs && k.state !== 'pending') return;
        }
        pending.push(e);
        if (pending.length >= BATCH) flush();
      },
      (p) => problems.push(p),
    );
    flush();
    // What could not be read is not gone: its files (and their photos) stay as they are.
    keepUnreadable(known, problems);
    let removed = 0;
    const nowMs = this.now();
    const now = new Date(nowMs);
    lib.transaction(() => {
      if (gone || !lib.sources.exists(source.id)) return;
      for (const entry of known.values()) {
        const photoId = lib.locations.remove(entry.id);
        if (photoId) lib.photos.orphanIfUnreferenced(photoId, nowMs);
        removed++;
      }
      // This scan's problems replace the last scan's.
      lib.errors.clearUnder(source.path, SCAN_PROBLEM_CODES);
      for (const p of problems) lib.errors.record(problemEntry(p), now);
      lib.sources.markScanned(source.id, now);
    });
    return { seen, queued, removed };
  }

  async watch(
    source: SourceRow,
    onError: (err: Error) => void,
    options?: WatchOptions,
  ): Promise<void> {
    if (this.watchers.has(source.id)) return;
    const watcher = watchFolder(
      source.path,
      (e) => this.apply(source, e, onError),
      (err) => this.watchError(source, err, onError),
      options,
    );
    this.watchers.set(source.id, watcher);
    await watcher.ready;
  }

  async unwatch(id: SourceId): Promise<void> {
    const w = this.watchers.get(id);
    this.watchers.delete(id);
    await w?.close();
  }

  async closeAll(): Promise<void> {
    this.walker.close();
    await Promise.all([...this.watchers.keys()].map((id) => this.unwatch(id)));
  }

  /**
   * A watcher error about one path (chokidar passes fs errors on: ELOOP, EIO, ...) is a problem
   * of that path in the errors table, like the rescan's; anything else goes to onError.
   */
  private watchError(source: SourceRow, err: Error, onError: (err: Error) => void): void {
    const { code, path: errPath } = err as NodeJS.ErrnoException;
    if (typeof errPath === 'string' && code) {
      const rel = path.relative(source.path, errPath);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return onError(err);
      const problem = scanProblemFor(code, errPath, rel, false);
      if (!problem) return;
      try {
        this.library.errors.record(problemEntry(problem), new Date(this.now()));
      } catch (recordErr) {
        onError(recordErr as Error);
      }
      return;
    }
    onError(err);
  }

  isWatching(id: SourceId): boolean {
    return this.watchers.has(id);
  }

  private apply(source: SourceRow, e: WatchEvent, onError: (err: Error) => void): void {
    const lib = this.library;
    const nowMs = this.now();
    try {
      if (e.type === 'upsert') {
        if (isIgnoredRelPath(e.relPath)) return;
        // A name that is not UTF-8 reaches us decoded (U+FFFD) and names no file: the
        // rescan reports it (UNREADABLE_FILE_NAME) rather than a location that cannot be read.
        if (e.relPath.includes('\uFFFD') && !fs.existsSync(path.join(source.path, e.relPath)))
          return;
        lib.transaction(() => {
          if (!lib.sources.exists(source.id)) return; // removed by another process
          const { id, needsIngest } = lib.locations.seen(source.id, e.relPath, e.size, e.mtimeMs);
          if (needsIngest) lib.jobs.enqueue(id, nowMs);
        });
        this.onQueued();
        return;
      }
      // An unmounted drive or a deleted source folder looks like every file vanishing. Its
      // photos (and their stars) stay until the folder is back or the source is removed.
      if (!fs.existsSync(source.path)) {
        if (!this.reportedMissing.has(source.id)) {
          this.reportedMissing.add(source.id);
          onError(
            new EngineError(
              'PATH_UNUSABLE',
              `source folder ${source.path} is missing (unmounted or deleted); its photos are kept`,
            ),
          );
        }
        return;
      }
      this.reportedMissing.delete(source.id);
      if (e.type === 'remove') {
        lib.transaction(() => {
          const loc = lib.locations.find(source.id, e.relPath);
          if (!loc) return;
          const photoId = lib.locations.remove(loc.id);
          if (photoId) lib.photos.orphanIfUnreferenced(photoId, nowMs);
        });
      } else {
        const prefix = e.relPath + path.sep;
        lib.transaction(() => {
          for (const id of lib.locations.idsUnder(source.id, prefix)) {
            const photoId = lib.locations.remove(id);
            if (photoId) lib.photos.orphanIfUnreferenced(photoId, nowMs);
          }
        });
      }
    } catch (err) {
      onError(err as Error);
    }
  }
}

function problemEntry(p: ScanProblem): Parameters<Library['errors']['record']>[0] {
  return { locationId: null, path: p.path, code: p.code, message: p.message, severity: 'error' };
}

/** Drops from `known` (the files not seen) those under a folder or at a path that failed. */
function keepUnreadable(known: Map<string, unknown>, problems: ScanProblem[]): void {
  if (problems.length === 0 || known.size === 0) return;
  const prefixes: string[] = [];
  for (const p of problems) {
    known.delete(p.relPath);
    if (p.isDir) prefixes.push(p.relPath === '' ? '' : p.relPath + path.sep);
  }
  if (prefixes.length === 0) return;
  for (const rel of [...known.keys()]) {
    if (prefixes.some((prefix) => rel.startsWith(prefix))) known.delete(rel);
  }
}

function resolveFolder(folder: string): string {
  const abs = path.resolve(folder);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new EngineError('PATH_UNUSABLE', `cannot read ${abs}: no such folder`, { field: 'path' });
  }
  if (!st.isDirectory())
    throw new EngineError('PATH_UNUSABLE', `${abs} is not a folder`, { field: 'path' });
  try {
    fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    throw new EngineError('PATH_UNUSABLE', `cannot read ${abs}: permission denied`, {
      field: 'path',
    });
  }
  return fs.realpathSync(abs);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
