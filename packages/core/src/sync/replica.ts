// This library's replica of the synced fields (sync_fields) and the one place pulled
// messages are applied: a message replaces a field only when it wins last-writer-wins
// against the version held (the same (hlc, device) order as the server), then the field's
// projection makes the domain reflect it (photos.starred, match decisions, the catalog).
// Applying the same messages twice, or in any order, ends in the same state.
import type { Db } from '../library/database.js';
import { SyncClockRepository } from './clock.repository.js';
import { SyncFieldsRepository } from './fields.repository.js';
import { MAX_CLOCK_LEAD_MS } from './outbox.js';
import { PhotoProjectionRepository } from './photo-projection.repository.js';
import {
  columnSchema,
  formatHlc,
  isSyncTable,
  lwwWins,
  parseHlc,
  type SyncTable,
} from '../protocol/index.js';

/** Makes the local domain reflect one field's winning value; runs in the apply transaction. */
export interface SyncProjection {
  apply(row: string, column: string, value: unknown): void;
}

export type SyncProjections = Partial<Record<SyncTable, SyncProjection>>;

export interface RemoteChange {
  table: string;
  row: string;
  column: string;
  value: unknown;
  hlc: string;
  device: string;
}

export interface FieldRow {
  table: string;
  row: string;
  column: string;
  value: unknown;
  hlc: string;
  /** null: made on this library. */
  device: string | null;
}

/** A remote clock further ahead than this is not followed (as the outbox's clock limit). */
const MAX_FOLLOW_AHEAD_MS = MAX_CLOCK_LEAD_MS;

export class SyncReplica {
  private readonly fieldsRepo: SyncFieldsRepository;
  private readonly clock: SyncClockRepository;

  constructor(
    db: Db,
    private readonly projections: SyncProjections,
  ) {
    this.fieldsRepo = new SyncFieldsRepository(db);
    this.clock = new SyncClockRepository(db);
  }

  /**
   * Applies pulled messages (inside the caller's transaction). `ownDevice` is this library's
   * device id: its own changes carry device NULL locally and compare as that id. Returns the
   * changes that won and were projected. Unknown tables/columns (a newer client's) are kept
   * in the replica, out of the domain, and do not stop the rest.
   */
  apply(messages: RemoteChange[], ownDevice: string): RemoteChange[] {
    const won: RemoteChange[] = [];
    let newest: string | null = null;
    for (const m of messages) {
      if (!newest || m.hlc > newest) newest = m.hlc;
      // A field this version does not know (a newer client's column, or a value it cannot
      // read) is kept by the same rule but not projected: the cursor moves past it, and an
      // upgrade finds it here rather than losing it.
      const known =
        isSyncTable(m.table) && !!columnSchema(m.table, m.column)?.safeParse(m.value).success;
      const cur = this.fieldsRepo.version(m.table, m.row, m.column);
      const held = cur ? { hlc: cur.hlc, device: cur.device ?? ownDevice } : undefined;
      if (!lwwWins(m, held)) continue;
      const device = m.device === ownDevice ? null : m.device;
      this.fieldsRepo.set(m.table, m.row, m.column, JSON.stringify(m.value), m.hlc, device);
      if (!known) continue;
      this.projections[m.table as SyncTable]?.apply(m.row, m.column, m.value);
      won.push(m);
    }
    if (newest) this.follow(newest);
    return won;
  }

  /** Every field (tests and diagnostics compare replicas with each other and the server). */
  fields(): FieldRow[] {
    return this.fieldsRepo.all().map((r) => ({
      table: r.tbl,
      row: r.row,
      column: r.col,
      value: JSON.parse(r.value) as unknown,
      hlc: r.hlc,
      device: r.device,
    }));
  }

  // Moves this library's clock past a remote timestamp, so the next local change sorts
  // after everything already seen (a later edit here beats an earlier one there).
  private follow(remote: string): void {
    const r = parseHlc(remote);
    if (r.wall - Date.now() > MAX_FOLLOW_AHEAD_MS) return;
    const state = this.clock.getOrCreateRandom();
    const candidate = formatHlc({ wall: r.wall, counter: r.counter, node: state.node });
    if (!state.last || candidate > state.last) this.clock.save(candidate);
  }
}

/** photos.starred / rating / caption, for photos this library has (others wait in sync_fields). */
export function photoProjection(db: Db): SyncProjection {
  const photos = new PhotoProjectionRepository(db);
  return {
    apply(row, column, value) {
      if (column === 'starred') photos.setStarred(row, value === true);
      else if (column === 'rating') photos.setRating(row, value as number | null);
      else if (column === 'caption') photos.setCaption(row, value as string | null);
    },
  };
}
