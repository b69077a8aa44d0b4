import { afterEach, describe, expect, it } from 'vitest';
import type { ShowId } from '../catalog/types.js';
import { MatchStateRepository } from '../matching/match-state.repository.js';
import { addCatalogShow, openTestLibrary, PLACES } from '../matching/testing/fixtures-library.js';
import { recordExistingForSync } from './existing.record.js';
import { SyncOutbox } from './outbox.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('a library older than sync', () => {
  it('queues its shows and decisions once, never over values already synced', () => {
    const lib = openTestLibrary(cleanups);
    // Written straight to the tables, as before sync existed: nothing recorded.
    const showId = addCatalogShow(lib, {
      date: '2024-05-10',
      venue: 'Columbiahalle',
      place: PLACES.berlin,
      artists: ['Opener', 'Headliner'],
    });
    const photo = 'ab'.repeat(32);
    lib.db
      .prepare(
        `INSERT INTO events (id, start_ms, end_ms, local_date, show_day, time_zone, zone_certain,
           photo_count, photo_ids, gps_count, input_hash, created_at, updated_at)
         VALUES ('e1', 0, 0, '2024-05-10', '2024-05-10', 'Europe/Berlin', 1, 1, ?, 0, 'h', '', '')`,
      )
      .run(JSON.stringify([photo]));
    new MatchStateRepository(lib.db).decide('e1', 'assign', showId as ShowId, new Date());
    const key = lib.db.prepare(`SELECT sync_key FROM shows`).pluck().get() as string;
    const outbox = new SyncOutbox(lib.db);
    // Another device's tour arrived first: it is kept.
    lib.db
      .prepare(
        `INSERT INTO sync_fields (tbl, row, col, value, hlc, device) VALUES ('shows', ?, 'tour', '"Pulled"', '2024-01-01T00:00:00.000Z-0000-b', 'b')`,
      )
      .run(key);

    recordExistingForSync(lib.db);
    expect(outbox.value('event_assignments', photo, 'decision')).toEqual({
      kind: 'assign',
      show: key,
    });
    expect(outbox.value('shows', key, 'date')).toBe('2024-05-10');
    expect(outbox.value('shows', key, 'tour')).toBe('Pulled');
    expect(outbox.value('show_artists', `${key}/name:headliner`, 'position')).toBe(1);
    const queued = outbox.peek(1000);
    expect(queued.some((e) => e.column === 'tour')).toBe(false);

    recordExistingForSync(lib.db);
    expect(outbox.peek(1000)).toEqual(queued);
  });
});
