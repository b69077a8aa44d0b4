import type { SourceId } from '../domain/ids.js';
import type { Db } from './database.js';

export interface SourceRow {
  id: SourceId;
  kind: 'local';
  path: string;
  addedAt: string;
  lastScanAt: string | null;
  fileCount: number;
}

interface RawSource {
  id: number;
  kind: 'local';
  path: string;
  added_at: string;
  last_scan_at: string | null;
  file_count: number;
}

const SELECT = `SELECT s.id, s.kind, s.path, s.added_at, s.last_scan_at,
  (SELECT count(*) FROM locations l WHERE l.source_id = s.id) AS file_count FROM sources s`;

function toRow(r: RawSource): SourceRow {
  return {
    id: r.id as SourceId,
    kind: r.kind,
    path: r.path,
    addedAt: r.added_at,
    lastScanAt: r.last_scan_at,
    fileCount: r.file_count,
  };
}

export class SourceRepository {
  constructor(private readonly db: Db) {}

  list(): SourceRow[] {
    return (this.db.prepare(`${SELECT} ORDER BY s.path`).all() as RawSource[]).map(toRow);
  }

  get(id: SourceId): SourceRow | null {
    const r = this.db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as RawSource | undefined;
    return r ? toRow(r) : null;
  }

  exists(id: SourceId): boolean {
    return this.db.prepare(`SELECT 1 FROM sources WHERE id = ?`).get(id) !== undefined;
  }

  findByPath(absPath: string): SourceRow | null {
    const r = this.db.prepare(`${SELECT} WHERE s.path = ?`).get(absPath) as RawSource | undefined;
    return r ? toRow(r) : null;
  }

  insert(absPath: string, now: Date): SourceRow {
    const info = this.db
      .prepare(`INSERT INTO sources (kind, path, added_at) VALUES ('local', ?, ?)`)
      .run(absPath, now.toISOString());
    return this.get(Number(info.lastInsertRowid) as SourceId)!;
  }

  delete(id: SourceId): void {
    this.db.prepare(`DELETE FROM sources WHERE id = ?`).run(id);
  }

  markScanned(id: SourceId, now: Date): void {
    this.db.prepare(`UPDATE sources SET last_scan_at = ? WHERE id = ?`).run(now.toISOString(), id);
  }
}
