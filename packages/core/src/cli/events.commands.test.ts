import { PassThrough } from 'node:stream';
import { engineInternals } from '../testing/index.js';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { addCatalogShow, addPhotos, PLACES, series } from '../matching/testing/fixtures-library.js';
import type { EventView } from '../matching/types.js';
import { tempDir } from '../testing/temp.js';
import { registerEventCommands } from './events.commands.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const t = tempDir('encore-events-cli-');
  const engine = await Engine.open({ libraryDir: t.dir });
  cleanups.push(() => engine.close(), t.cleanup);
  const run = async (...argv: string[]) => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    out.on('data', (c: Buffer) => chunks.out.push(c));
    err.on('data', (c: Buffer) => chunks.err.push(c));
    const program = new Command('encore').exitOverride();
    registerEventCommands(program, { io: { out, err }, open: async () => engine });
    let error: Error | null = null;
    await program.parseAsync(argv, { from: 'user' }).catch((e: Error) => (error = e));
    return {
      out: Buffer.concat(chunks.out).toString(),
      err: Buffer.concat(chunks.err).toString(),
      error: error as Error | null,
    };
  };
  return { lib: engineInternals(engine).library, run };
}

const venue = { lat: PLACES.berlin.lat + 0.02, lon: PLACES.berlin.lon + 0.03 };

describe('encore match / events / assign / unassign / not-concert', () => {
  it('matches from the catalog and prints events with the documented JSON fields', async () => {
    const { lib, run } = await setup();
    const showId = addCatalogShow(lib, {
      date: '2024-05-10',
      venue: 'Columbiahalle',
      place: PLACES.berlin,
      artists: ['Opener', 'Headliner'],
    });
    addPhotos(
      lib,
      series('2024-05-10T20:00', '2024-05-11T00:30', 10, { zone: 'Europe/Berlin', at: venue }),
    );
    const m = await run('match');
    expect(m.out).toMatch(/events: 1 \(1 new/);
    expect(m.out).toMatch(/matched 1, ambiguous 0, unmatched 0/);
    const list = JSON.parse((await run('events', '--json')).out) as EventView[];
    expect(list).toHaveLength(1);
    const e = list[0]!;
    for (const key of [
      'id',
      'start',
      'end',
      'localDate',
      'showDay',
      'timeZone',
      'photoIds',
      'lat',
      'lon',
      'city',
      'status',
      'decidedBy',
      'show',
      'candidates',
    ])
      expect(e, key).toHaveProperty(key);
    expect(e).toMatchObject({
      start: '2024-05-10T18:00:00.000Z',
      localDate: '2024-05-10',
      showDay: '2024-05-10',
      timeZone: 'Europe/Berlin',
      status: 'matched',
      decidedBy: 'auto',
      city: { name: 'Berlin', country: 'DE', geonameId: PLACES.berlin.cityId },
      show: {
        id: showId,
        date: '2024-05-10',
        venue: { name: 'Columbiahalle', city: 'Berlin', country: 'DE', setlistfmId: null },
        artists: ['Opener', 'Headliner'],
        setlistIds: [`Ope${showId}`, `Hea${showId}`],
      },
    });
    expect(e.photoIds).toHaveLength(28);
    expect(e.candidates[0]).toMatchObject({ show: { id: showId }, score: 1 });
    const text = (await run('events')).out;
    expect(text).toMatch(
      new RegExp(`${e.id}\\s+2024-05-10\\s+20:00-00:30\\s+28\\s+Berlin\\s+matched`),
    );
  });

  it('two venues one night: ambiguous; assign picks one, unassign and not-concert are kept', async () => {
    const { lib, run } = await setup();
    const a = addCatalogShow(lib, {
      date: '2024-05-10',
      venue: 'Columbiahalle',
      place: PLACES.berlin,
      artists: ['A'],
    });
    const b = addCatalogShow(lib, {
      date: '2024-05-10',
      venue: 'Astra',
      place: PLACES.berlin,
      artists: ['B'],
    });
    addPhotos(
      lib,
      series('2024-05-10T20:00', '2024-05-10T22:00', 10, { zone: 'Europe/Berlin', at: venue }),
    );
    await run('match');
    const [e] = JSON.parse(
      (await run('events', '--json', '--status', 'ambiguous')).out,
    ) as EventView[];
    expect(e!.candidates.map((c) => c.show.id).sort()).toEqual([a, b].sort());
    // Two shows fit: worth a look, so it is in the review queue.
    const review = JSON.parse((await run('events', '--json', '--needs-review')).out) as {
      id: string;
      needsReview: boolean;
    }[];
    expect(review.map((r) => [r.id, r.needsReview])).toEqual([[e!.id, true]]);

    const assigned = await run('assign', e!.id.slice(0, 10), String(b));
    expect(assigned.out).toMatch(
      new RegExp(`${e!.id}: matched \\(your decision\\) -> #${b} 2024-05-10 Astra, Berlin \\(B\\)`),
    );
    await run('match', '--all');
    const [after] = JSON.parse(
      (await run('events', '--json', '--status', 'matched')).out,
    ) as EventView[];
    expect(after).toMatchObject({ id: e!.id, decidedBy: 'user', show: { id: b } });
    expect(JSON.parse((await run('events', '--json', '--needs-review')).out)).toEqual([]);

    expect((await run('unassign', e!.id)).out).toMatch(/unmatched \(your decision\)/);
    expect((await run('not-concert', e!.id)).out).toMatch(/not-concert \(your decision\)/);
    await run('match', '--all');
    expect(JSON.parse((await run('events', '--json', '--status', 'not-concert')).out)).toHaveLength(
      1,
    );
  });

  it('rejects a bad status, show id or event id with a message that names it', async () => {
    const { run } = await setup();
    expect((await run('events', '--status', 'maybe')).error?.message).toMatch(
      /--status must be one of matched, ambiguous, unmatched, not-concert \(got "maybe"\)/,
    );
    expect((await run('assign', 'e123', 'x')).error?.message).toMatch(
      /SHOW_ID must be a show number \(got "x"\)/,
    );
    expect((await run('unassign', 'e12345')).error?.message).toMatch(/no event "e12345"/);
    expect((await run('events')).out).toMatch(/no events; run `encore match`/);
  });
});
