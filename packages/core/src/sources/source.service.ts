// Local folder sources: add/remove/list, a rescan that costs one stat per unchanged file,
// and live watching. Both feed the same job queue.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../domain/errors.js';
import type { PhotoId, SourceId } from '../domain/ids.js';
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
        throw new UsageError(`${abs} is already inside the source ${s.path}`);
      if (isInside(s.path, abs))
        throw new UsageError(`${abs} contains the source ${s.path}; remove that one first`);
    }
    return this.library.sources.insert(abs, new Date(this.now()));
  }

  /** Removes a source and its locations; photos found nowhere else leave the library. */
  async remove(idOrPath: string | number): Promise<SourceRow> {
    const source = this.resolve(idOrPath);
    await this.unwatch(source.id);
    const lib = this.library;
    lib.transaction(() => {
      const photoIds = lib.db
        .prepare(
          `SELECT DISTINCT photo_id AS id FROM locations WHERE source_id = ? AND photo_id IS NOT NULL`,
        )
        .all(source.id) as { id: string }[];
      lib.sources.delete(source.id);
      for (const { id } of photoIds) lib.photos.orphanIfUnreferenced(id as PhotoId, 0);
    });
    return source;
  }

  resolve(idOrPath: string | number): SourceRow {
    const asNumber =
      typeof idOrPath === 'number' ? idOrPath : /^\d+$/.test(idOrPath) ? Number(idOrPath) : null;
    const found =
      (asNumber != null ? this.library.sources.get(asNumber as SourceId) : null) ??
      this.library.sources.findByPath(path.resolve(String(idOrPath)));
    if (!found) throw new UsageError(`no source ${idOrPath} (see \`encore sources list\`)`);
    return found;
  }

  /** Compares the folder with what the library knows; unchanged files cost one stat. */
  async rescan(source: SourceRow): Promise<RescanResult> {
    if (!fs.existsSync(source.path)) {
      throw new UsageError(
        `source folder ${source.path} is missing (unmounted or deleted); nothing was changed`,
      );
    }
    const lib = this.library;
    const known = lib.locations.snapshot(source.id);
    let queued = 0;
    let pending: WalkEntry[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const nowMs = this.now();
      lib.transaction(() => {
        for (const e of batch) {
          const { id, needsIngest } = lib.locations.seen(source.id, e.relPath, e.size, e.mtimeMs);
          if (needsIngest) {
            lib.jobs.enqueue(id, nowMs);
            queued++;
          }
        }
      });
      this.onQueued();
    };
    const seen = await this.walker.walk(source.path, (e) => {
      const k = known.get(e.relPath);
      if (k) {
        known.delete(e.relPath);
        if (k.size === e.size && k.mtimeMs === e.mtimeMs && k.state !== 'pending') return;
      }
      pending.push(e);
      if (pending.length >= BATCH) flush();
    });
    flush();
    let removed = 0;
    if (known.size > 0) {
      const nowMs = this.now();
      lib.transaction(() => {
        for (const entry of known.values()) {
          const photoId = lib.locations.remove(entry.id);
          if (photoId) lib.photos.orphanIfUnreferenced(photoId, nowMs);
          removed++;
        }
      });
    }
    lib.sources.markScanned(source.id, new Date(this.now()));
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
      onError,
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

  isWatching(id: SourceId): boolean {
    return this.watchers.has(id);
  }

  private apply(source: SourceRow, e: WatchEvent, onError: (err: Error) => void): void {
    const lib = this.library;
    const nowMs = this.now();
    try {
      if (e.type === 'upsert') {
        if (isIgnoredRelPath(e.relPath)) return;
        lib.transaction(() => {
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
            new UsageError(
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
          const rows = lib.db
            .prepare(`SELECT id FROM locations WHERE source_id = ? AND substr(rel_path, 1, ?) = ?`)
            .all(source.id, prefix.length, prefix) as { id: number }[];
          for (const { id } of rows) {
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

function resolveFolder(folder: string): string {
  const abs = path.resolve(folder);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new UsageError(`cannot read ${abs}: no such folder`);
  }
  if (!st.isDirectory()) throw new UsageError(`${abs} is not a folder`);
  try {
    fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    throw new UsageError(`cannot read ${abs}: permission denied`);
  }
  return fs.realpathSync(abs);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
