// What may be synced in protocol v1: an allow-list of tables, their row keys and, per column,
// the schema of the value. Rows are keyed by identities that are the same on every device
// (a photo is its content hash; a show is a key the catalog derives), never by local
// autoincrement ids, so the desktop's catalog and matching tables can join them.
import { z } from 'zod';

const PHOTO_ID = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a photo id (sha256, 64 lowercase hex)');

/**
 * A show's sync key: `sfm:<setlist.fm venue id>:<YYYY-MM-DD>` for shows at a setlist.fm
 * venue (every device derives the same key), or `u:<uuid>` for one the user made by hand.
 */
export const SHOW_KEY_PATTERN = /^(sfm:[0-9a-z]{1,32}:\d{4}-\d{2}-\d{2}|u:[0-9a-f-]{36})$/;
const SHOW_KEY = z
  .string()
  .regex(SHOW_KEY_PATTERN, 'must be a show key (sfm:<venue>:<YYYY-MM-DD> or u:<uuid>)');

/** An artist on a bill: `<show key>/mbid:<MusicBrainz id>` or `<show key>/name:<lowercased name>`. */
const SHOW_ARTIST_KEY = z
  .string()
  .max(300)
  .refine((v) => {
    const slash = v.indexOf('/');
    if (slash < 0) return false;
    const artist = v.slice(slash + 1);
    return (
      SHOW_KEY_PATTERN.test(v.slice(0, slash)) &&
      (/^mbid:[0-9a-f-]{36}$/.test(artist) || /^name:[^\s/][^/]{0,199}$/.test(artist))
    );
  }, 'must be <show key>/mbid:<uuid> or <show key>/name:<lowercased artist name>');

const LOCAL_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const TEXT = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const SYNC_TABLES = {
  /** Per photo (row: photo id): what the user said about it. */
  photos: {
    row: PHOTO_ID,
    columns: {
      starred: z.boolean(),
      rating: z.int().min(0).max(5).nullable(),
      caption: TEXT(2000).nullable(),
    },
  },
  /**
   * The user's concert decision per photo (row: photo id), like the desktop's
   * match_decisions: events are re-clustered per device, photos are the same everywhere.
   * One column so that kind and show change together under last-writer-wins.
   */
  event_assignments: {
    row: PHOTO_ID,
    columns: {
      decision: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('assign'), show: SHOW_KEY }).strict(),
          z.object({ kind: z.literal('unassign') }).strict(),
          z.object({ kind: z.literal('not-concert') }).strict(),
        ])
        .nullable(),
    },
  },
  /** Shows the user added or edited (row: show key). `deleted: true` hides one. */
  shows: {
    row: SHOW_KEY,
    columns: {
      date: LOCAL_DATE,
      venue: z
        .object({
          name: TEXT(300),
          city: TEXT(200).nullable(),
          country: TEXT(100).nullable(),
          cityGeonameId: z.int().positive().nullable(),
          setlistfmId: TEXT(64).nullable(),
        })
        .strict(),
      tour: TEXT(300).nullable(),
      deleted: z.boolean(),
    },
  },
  /** The bill (row: show key + artist). `position: null` takes the artist off the bill. */
  show_artists: {
    row: SHOW_ARTIST_KEY,
    columns: {
      name: TEXT(300),
      mbid: z.uuid().nullable(),
      position: z.int().min(0).max(1000).nullable(),
    },
  },
} as const;

export type SyncTable = keyof typeof SYNC_TABLES;
export const SYNC_TABLE_NAMES = Object.keys(SYNC_TABLES) as SyncTable[];
export type SyncColumn<T extends SyncTable> = keyof (typeof SYNC_TABLES)[T]['columns'] & string;

export function isSyncTable(table: string): table is SyncTable {
  return Object.prototype.hasOwnProperty.call(SYNC_TABLES, table);
}

export function columnsOf(table: SyncTable): string[] {
  return Object.keys(SYNC_TABLES[table].columns);
}

/** The schema of a column's value, or undefined when the column is not allowed. */
export function columnSchema(table: SyncTable, column: string): z.ZodType | undefined {
  const columns: Record<string, z.ZodType> = SYNC_TABLES[table].columns;
  return Object.prototype.hasOwnProperty.call(columns, column) ? columns[column] : undefined;
}
