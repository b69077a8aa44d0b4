// SQL of what matching remembers besides events: the user's decisions (per photo) and the
// catalog change-feed cursor it has caught up with.
import type { ShowId } from '../catalog/types.js';
import type { Db } from '../library/database.js';

export type DecisionKind = 'assign' | 'unassign' | 'not-concert';

export interface StoredDecision {
  kind: DecisionKind;
  showId: ShowId | null;
  seq: number;
}

export class MatchStateRepository {
  constructor(private readonly db: Db) {}

  /** photo id -> its decision, for clustering (photos decided differently never merge). */
  decisionsByPhoto(): Map<string, StoredDecision> {
    const rows = this.db
      .prepare(`SELECT photo_id, kind, show_id, seq FROM match_decisions`)
      .raw()
      .all() as [string, DecisionKind, number | null, number][];
    return new Map(
      rows.map(([p, kind, showId, seq]) => [p, { kind, showId: showId as ShowId | null, seq }]),
    );
  }

  /** The latest decision among each event's photos. */
  decisionsByEvent(): Map<string, StoredDecision> {
    const any = this.db.prepare(`SELECT 1 FROM match_decisions LIMIT 1`).get();
    if (!any) return new Map();
    // SQLite: with max(), the bare columns come from the row holding the maximum.
    const rows = this.db
      .prepare(
        `SELECT e.id, d.kind, d.show_id, max(d.seq) FROM events e, json_each(e.photo_ids) j
         JOIN match_decisions d ON d.photo_id = j.value GROUP BY e.id`,
      )
      .raw()
      .all() as [string, DecisionKind, number | null, number][];
    return new Map(
      rows.map(([e, kind, showId, seq]) => [e, { kind, showId: showId as ShowId | null, seq }]),
    );
  }

  /** Records a decision on every photo of the event; returns its sequence number. */
  decide(eventId: string, kind: DecisionKind, showId: ShowId | null, now: Date): number {
    return this.db
      .transaction(() => {
        const { seq } = this.db
          .prepare(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM match_decisions`)
          .get() as { seq: number };
        this.db
          .prepare(
            `INSERT OR REPLACE INTO match_decisions (photo_id, kind, show_id, seq, decided_at)
             SELECT j.value, ?, ?, ?, ? FROM events e, json_each(e.photo_ids) j WHERE e.id = ?`,
          )
          .run(kind, showId, seq, now.toISOString(), eventId);
        return seq;
      })
      .immediate();
  }

  /**
   * One photo's decision as pulled from sync; written only when it differs (an assignment by
   * its show, the other kinds by kind alone), with a new seq so matching re-matches its event.
   * Photos this library does not have are skipped (migration 006 applies it when one arrives).
   */
  putPhotoDecision(photoId: string, kind: DecisionKind, showId: ShowId | null, now: Date): boolean {
    const cur = this.db
      .prepare(`SELECT kind, show_id AS showId FROM match_decisions WHERE photo_id = ?`)
      .get(photoId) as { kind: DecisionKind; showId: number | null } | undefined;
    if (cur && cur.kind === kind && (kind !== 'assign' || cur.showId === showId)) return false;
    return (
      this.db
        .prepare(
          `INSERT OR REPLACE INTO match_decisions (photo_id, kind, show_id, seq, decided_at)
           SELECT id, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM match_decisions), ?
             FROM photos WHERE id = ?`,
        )
        .run(kind, showId, now.toISOString(), photoId).changes > 0
    );
  }

  /** Forgets one photo's decision (pulled from sync); true when it had one. */
  removePhotoDecision(photoId: string): boolean {
    return (
      this.db.prepare(`DELETE FROM match_decisions WHERE photo_id = ?`).run(photoId).changes > 0
    );
  }

  clearDecision(eventId: string): void {
    this.db
      .prepare(
        `DELETE FROM match_decisions WHERE photo_id IN
           (SELECT j.value FROM events e, json_each(e.photo_ids) j WHERE e.id = ?)`,
      )
      .run(eventId);
  }

  /** Decisions on photos that left the library for good go with them. */
  pruneDecisions(): void {
    this.db.exec(`DELETE FROM match_decisions WHERE photo_id NOT IN (SELECT id FROM photos)`);
  }

  /** The catalog change-feed cursor matching has caught up with (0: never matched). */
  catalogCursor(): number {
    return Number(this.get('catalogCursor') ?? 0);
  }

  setCatalogCursor(cursor: number): void {
    this.set('catalogCursor', String(cursor));
  }

  /**
   * What the last rebuild clustered: photo count, latest photo update, time and place sums,
   * the latest decision. Unchanged means a rebuild would write nothing, so it is skipped.
   */
  photoSignature(): string {
    const p = this.db
      .prepare(
        `SELECT count(*), max(updated_at), total(sort_ms), total(lat), total(lon), total(city_id)
         FROM photos WHERE orphaned_at IS NULL`,
      )
      .raw()
      .get() as unknown[];
    const d = this.db
      .prepare(`SELECT count(*), max(seq) FROM match_decisions`)
      .raw()
      .get() as unknown[];
    return JSON.stringify([p, d]);
  }

  get(key: string): string | null {
    const row = this.db.prepare(`SELECT value FROM match_state WHERE key = ?`).get(key) as
      { value: string } | undefined;
    return row ? row.value : null;
  }

  set(key: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO match_state (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(key, value);
  }
}
