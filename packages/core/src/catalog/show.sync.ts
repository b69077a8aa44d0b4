// What the catalog tells sync about its shows: each show's synced fields (protocol/tables.ts
// `shows` and `show_artists`) as they are now, recorded in the write's own transaction.
// Restating unchanged fields sends nothing (SyncOutbox.recordChanged), so callers simply
// record every show a write touched. Shows found online are not the user's and stay local
// until a decision points at one. Only local writes come here: projections of pulled
// changes write the catalog through the repositories and never record.
import type { Db } from '../library/database.js';
import { columnSchema } from '../protocol/index.js';
import { SyncFieldsRepository } from '../sync/fields.repository.js';
import { SyncOutbox, type Change } from '../sync/outbox.js';
import type { ArtistRecord, ShowRecord } from './types.js';

/** The lengths protocol v1 allows (a longer CSV value is cut rather than failing the import). */
const MAX = { name: 300, city: 200, country: 100, setlistfmId: 64, tour: 300, artist: 300 };
const NAME_KEY_MAX = 200;

const mbidSchema = columnSchema('show_artists', 'mbid')!;

function clip(text: string | null, max: number): string | null {
  return text === null ? null : text.slice(0, max);
}

function validMbid(mbid: string | null): string | null {
  const m = mbid?.toLowerCase() ?? null;
  return m !== null && mbidSchema.safeParse(m).success ? m : null;
}

/**
 * An artist's row on a show's bill: `<show key>/mbid:<id>`, else `<show key>/name:<name>`
 * lower-cased; '/' (AC/DC) and '%' are escaped, since '/' separates the key's parts.
 */
export function billRowKey(showKey: string, a: Pick<ArtistRecord, 'name' | 'mbid'>): string {
  const mbid = validMbid(a.mbid);
  if (mbid) return `${showKey}/mbid:${mbid}`;
  const name = a.name
    .trim()
    .toLowerCase()
    .replace(/%/g, '%25')
    .replace(/\//g, '%2f')
    .slice(0, NAME_KEY_MAX);
  return `${showKey}/name:${name}`;
}

/** The show's synced fields, bill included, as they are now. */
export function showFields(show: ShowRecord): Change[] {
  const key = show.syncKey;
  const v = show.venue;
  const changes: Change[] = [
    { table: 'shows', row: key, column: 'date', value: show.date },
    {
      table: 'shows',
      row: key,
      column: 'venue',
      value: {
        name: clip(v.name, MAX.name),
        city: clip(v.cityName, MAX.city),
        country: clip(v.country, MAX.country),
        cityGeonameId: v.cityGeonameId !== null && v.cityGeonameId > 0 ? v.cityGeonameId : null,
        setlistfmId: clip(v.setlistfmId, MAX.setlistfmId),
      },
    },
    { table: 'shows', row: key, column: 'tour', value: clip(show.tour, MAX.tour) },
    { table: 'shows', row: key, column: 'deleted', value: false },
  ];
  show.artists.forEach((a, position) => {
    const row = billRowKey(key, a);
    changes.push(
      { table: 'show_artists', row, column: 'name', value: clip(a.name, MAX.artist) },
      { table: 'show_artists', row, column: 'mbid', value: validMbid(a.mbid) },
      { table: 'show_artists', row, column: 'position', value: position },
    );
  });
  return changes;
}

export class ShowSyncRecorder {
  private readonly outbox: SyncOutbox;
  private readonly fields: SyncFieldsRepository;

  constructor(db: Db) {
    this.outbox = new SyncOutbox(db);
    this.fields = new SyncFieldsRepository(db);
  }

  /**
   * Records the shows' fields as they are now, and takes off the synced bill the artists no
   * longer on it. Inside the write's transaction. `includeOnline`: also shows found online
   * (a decision points at one, so other devices need it). `onlyUnsynced`: only fields never
   * synced (shows made before sync), so a stale local value never overrides a pulled one.
   */
  record(
    shows: readonly ShowRecord[],
    options: { includeOnline?: boolean; onlyUnsynced?: boolean } = {},
  ): void {
    const changes: Change[] = [];
    for (const show of shows) {
      if (show.origin === 'online' && !options.includeOnline) continue;
      const own = showFields(show);
      if (options.onlyUnsynced) {
        changes.push(
          ...own.filter((c) => this.outbox.value(c.table, c.row, c.column) === undefined),
        );
        continue;
      }
      const onBill = new Set(own.filter((c) => c.table === 'show_artists').map((c) => c.row));
      for (const [row, values] of this.fields.rowsUnder('show_artists', `${show.syncKey}/`)) {
        if (!onBill.has(row) && values.position != null)
          own.push({ table: 'show_artists', row, column: 'position', value: null });
      }
      changes.push(...own);
    }
    this.outbox.recordChanged(changes);
  }

  /** Records that the show with this key was removed. */
  recordRemoved(syncKeys: readonly string[]): void {
    this.outbox.recordChanged(
      syncKeys.map((row) => ({ table: 'shows', row, column: 'deleted', value: true })),
    );
  }
}
