import path from 'node:path';
import type { PhotoId, SourceId } from '../domain/ids.js';
import type { Db } from './database.js';

export type LocationState = 'pending' | 'ok' | 'failed' | 'ignored';

export interface LocationRow {
  id: number;
  sourceId: SourceId;
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
  photoId: PhotoId | null;
  state: LocationState;
}

interface RawLocation {
  id: number;
  source_id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  photo_id: string | null;
  state: LocationState;
  source_path: string;
}

export interface ScanEntry {
  id: number;
  size: number;
  mtimeMs: number;
  state: LocationState;
}

function toRow(r: RawLocation): LocationRow {
  return {
    id: r.id,
    sourceId: r.source_id as SourceId,
    relPath: r.rel_path,
    absPath: path.join(r.source_path, r.rel_path),
    size: r.size,
    mtimeMs: r.mtime_ms,
    photoId: r.photo_id as PhotoId | null,
    state: r.state,
  };
}

const SELECT = `SELECT l.id, l.source_id, l.rel_path, l.size, l.mtime_ms, l.photo_id, l.state, s.path AS source_path
  FROM locations l JOIN sources s ON s.id = l.source_id`;

export class LocationRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare(`${SELECT} WHERE l.id = ?`),
      find: db.prepare(`${SELECT} WHERE l.source_id = ? AND l.rel_path = ?`),
      insert: db.prepare(
        `INSERT INTO locations (source_id, rel_path, size, mtime_ms, state) VALUES (?, ?, ?, ?, 'pending')`,
      ),
      updateSeen: db.prepare(
        `UPDATE locations SET size = ?, mtime_ms = ?, state = 'pending' WHERE id = ?`,
      ),
      remove: db.prepare(`DELETE FROM locations WHERE id = ? RETURNING photo_id`),
      setPhoto: db.prepare(
        `UPDATE locations SET photo_id = ?, size = ?, mtime_ms = ?, state = ? WHERE id = ?`,
      ),
      setState: db.prepare(`UPDATE locations SET state = ? WHERE id = ?`),
      bySource: db
        .prepare(`SELECT rel_path, id, size, mtime_ms, state FROM locations WHERE source_id = ?`)
        .raw(true),
      byPhoto: db.prepare(`${SELECT} WHERE l.photo_id = ? ORDER BY s.path, l.rel_path`),
      countForPhoto: db.prepare(`SELECT count(*) AS n FROM locations WHERE photo_id = ?`),
      move: db.prepare(`UPDATE locations SET source_id = ?, rel_path = ? WHERE id = ?`),
      photoIdsOfSource: db.prepare(
        `SELECT DISTINCT photo_id AS id FROM locations WHERE source_id = ? AND photo_id IS NOT NULL`,
      ),
      idsUnder: db.prepare(
        `SELECT id FROM locations WHERE source_id = ? AND substr(rel_path, 1, ?) = ?`,
      ),
    };
  }

  get(id: number): LocationRow | null {
    const r = this.stmts.get.get(id) as RawLocation | undefined;
    return r ? toRow(r) : null;
  }

  find(sourceId: SourceId, relPath: string): LocationRow | null {
    const r = this.stmts.find.get(sourceId, relPath) as RawLocation | undefined;
    return r ? toRow(r) : null;
  }

  /**
   * Records that a file was seen with this size and mtime. Returns the location id and whether
   * it needs (re)ingest: new, changed since last time, or never finished.
   */
  seen(
    sourceId: SourceId,
    relPath: string,
    size: number,
    mtimeMs: number,
  ): { id: number; needsIngest: boolean } {
    const existing = this.stmts.find.get(sourceId, relPath) as RawLocation | undefined;
    if (!existing) {
      const info = this.stmts.insert.run(sourceId, relPath, size, mtimeMs);
      return { id: Number(info.lastInsertRowid), needsIngest: true };
    }
    if (existing.size !== size || existing.mtime_ms !== mtimeMs) {
      this.stmts.updateSeen.run(size, mtimeMs, existing.id);
      return { id: existing.id, needsIngest: true };
    }
    return { id: existing.id, needsIngest: existing.state === 'pending' };
  }

  /** size/mtime/state of every location of a source, keyed by relative path (for rescans). */
  snapshot(sourceId: SourceId): Map<string, ScanEntry> {
    // Raw rows: on 100,000 files this is the difference between a rescan in 0.1 s and 0.25 s.
    const map = new Map<string, ScanEntry>();
    for (const [relPath, id, size, mtimeMs, state] of this.stmts.bySource.all(sourceId) as [
      string,
      number,
      number,
      number,
      LocationState,
    ][]) {
      map.set(relPath, { id, size, mtimeMs, state });
    }
    return map;
  }

  /** Deletes the location; returns the photo it pointed at, if any. */
  remove(id: number): PhotoId | null {
    const r = this.stmts.remove.get(id) as { photo_id: string | null } | undefined;
    return (r?.photo_id ?? null) as PhotoId | null;
  }

  attachPhoto(id: number, photoId: PhotoId, size: number, mtimeMs: number): void {
    this.stmts.setPhoto.run(photoId, size, mtimeMs, 'ok', id);
  }

  setState(id: number, state: LocationState): void {
    this.stmts.setState.run(state, id);
  }

  move(id: number, sourceId: SourceId, relPath: string): void {
    this.stmts.move.run(sourceId, relPath, id);
  }

  /** The photos a source's files are (before removing the source, to orphan them). */
  photoIdsOfSource(sourceId: SourceId): PhotoId[] {
    return (this.stmts.photoIdsOfSource.all(sourceId) as { id: string }[]).map(
      (r) => r.id as PhotoId,
    );
  }

  /** Ids of a source's locations whose relative path starts with `prefix` (a folder + sep). */
  idsUnder(sourceId: SourceId, prefix: string): number[] {
    return (this.stmts.idsUnder.all(sourceId, prefix.length, prefix) as { id: number }[]).map(
      (r) => r.id,
    );
  }

  forPhoto(photoId: PhotoId): LocationRow[] {
    return (this.stmts.byPhoto.all(photoId) as RawLocation[]).map(toRow);
  }

  /** Absolute paths of every ingested file, grouped by photo (ordered as forPhoto orders them). */
  pathsByPhoto(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    const rows = this.db
      .prepare(`${SELECT} WHERE l.photo_id IS NOT NULL ORDER BY s.path, l.rel_path`)
      .all() as RawLocation[];
    for (const r of rows) {
      const abs = path.join(r.source_path, r.rel_path);
      const list = map.get(r.photo_id!);
      if (list) list.push(abs);
      else map.set(r.photo_id!, [abs]);
    }
    return map;
  }

  countForPhoto(photoId: PhotoId): number {
    return (this.stmts.countForPhoto.get(photoId) as { n: number }).n;
  }

  count(): number {
    return (
      this.db.prepare(`SELECT count(*) AS n FROM locations WHERE photo_id IS NOT NULL`).get() as {
        n: number;
      }
    ).n;
  }
}
