import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { compareHlc, formatHlc } from '../protocol/index.js';
import { tempDir } from '../testing/temp.js';
import { SyncOutbox } from './outbox.js';
import { SyncReplica } from './replica.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(dir?: string): { lib: Library; dir: string } {
  let d = dir;
  if (!d) {
    const t = tempDir();
    cleanups.push(t.cleanup);
    d = t.dir;
  }
  const lib = Library.open(d);
  cleanups.unshift(() => lib.close());
  return { lib, dir: d };
}

const ROW = 'a'.repeat(64);

describe('sync outbox', () => {
  it('stamps changes with strictly increasing HLCs, across connections and a clock going back', () => {
    const { lib, dir } = open();
    const other = open(dir).lib;
    const a = new SyncOutbox(lib.db);
    const b = new SyncOutbox(other.db);
    let t = 1_700_000_000_000;
    const stamps = [
      ...lib.transaction(() =>
        a.record([{ table: 'photos', row: ROW, column: 'starred', value: true }], () => t),
      ),
      ...other.transaction(() =>
        b.record([{ table: 'photos', row: ROW, column: 'rating', value: 4 }], () => (t -= 5000)),
      ),
      ...lib.transaction(() =>
        a.record([{ table: 'photos', row: ROW, column: 'starred', value: false }], () => t),
      ),
    ];
    for (let i = 1; i < stamps.length; i++) expect(compareHlc(stamps[i - 1]!, stamps[i]!)).toBe(-1);
    // The second star change replaced the first while it still waited: only the latest
    // value of a field is pushed, and the replica holds it with its stamp.
    expect(a.peek().map((e) => [e.column, e.value])).toEqual([
      ['rating', 4],
      ['starred', false],
    ]);
    expect(a.value('photos', ROW, 'starred')).toBe(false);
    expect(a.value('photos', ROW, 'rating')).toBe(4);
  });

  it('recordChanged sends nothing for a value already synced', () => {
    const { lib } = open();
    const outbox = new SyncOutbox(lib.db);
    const change = { table: 'photos', row: ROW, column: 'caption', value: 'encore!' };
    expect(lib.transaction(() => outbox.recordChanged([change]))).toHaveLength(1);
    expect(lib.transaction(() => outbox.recordChanged([change]))).toHaveLength(0);
    expect(
      lib.transaction(() => outbox.recordChanged([{ ...change, value: 'second encore' }])),
    ).toHaveLength(1);
    expect(outbox.pending()).toBe(1);
  });

  it('refuses unknown fields and bad values, and writes only inside a transaction', () => {
    const { lib } = open();
    const outbox = new SyncOutbox(lib.db);
    expect(() =>
      outbox.record([{ table: 'photos', row: ROW, column: 'starred', value: true }]),
    ).toThrow(/transaction/);
    expect(() =>
      lib.transaction(() =>
        outbox.record([{ table: 'photos', row: ROW, column: 'path', value: '/x' }]),
      ),
    ).toThrow(/photos.path is not a synced field/);
    expect(() =>
      lib.transaction(() =>
        outbox.record([{ table: 'photos', row: ROW, column: 'rating', value: 9 }]),
      ),
    ).toThrow(/photos.rating cannot be 9/);
    expect(outbox.pending()).toBe(0);
  });

  it('a change made while its field is being pushed survives the push being acknowledged', () => {
    const { lib } = open();
    const outbox = new SyncOutbox(lib.db);
    const star = (value: boolean) =>
      lib.transaction(() =>
        outbox.record([{ table: 'photos', row: ROW, column: 'starred', value }]),
      );
    star(true);
    const inFlight = outbox.peek();
    // The user unstars before the server answers: SQLite may give the new entry the same id.
    star(false);
    expect(outbox.peek()[0]!.id).toBe(inFlight[0]!.id);
    lib.transaction(() => outbox.remove(inFlight));
    expect(outbox.peek().map((e) => e.value)).toEqual([false]);
  });

  it('stamps an edit after the version it replaces, even from a device whose clock runs ahead', () => {
    const { lib } = open();
    const outbox = new SyncOutbox(lib.db);
    const replica = new SyncReplica(lib.db, {});
    const ahead = formatHlc({ wall: Date.now() + 6 * 60_000, counter: 3, node: 'fastclock' });
    lib.transaction(() =>
      replica.apply(
        [{ table: 'photos', row: ROW, column: 'starred', value: true, hlc: ahead, device: 'b' }],
        'a',
      ),
    );
    const [stamp] = lib.transaction(() =>
      outbox.record([{ table: 'photos', row: ROW, column: 'starred', value: false }]),
    );
    expect(compareHlc(stamp!, ahead)).toBe(1);
  });

  it('keeps pulled fields this version does not know, without projecting them', () => {
    const { lib } = open();
    const replica = new SyncReplica(lib.db, {});
    const hlc = formatHlc({ wall: Date.now(), counter: 0, node: 'newer' });
    const won = lib.transaction(() =>
      replica.apply(
        [
          { table: 'photos', row: ROW, column: 'colour_label', value: 'red', hlc, device: 'b' },
          {
            table: 'event_assignments',
            row: ROW,
            column: 'decision',
            value: { kind: 'maybe-later' },
            hlc,
            device: 'b',
          },
        ],
        'a',
      ),
    );
    expect(won).toEqual([]);
    expect(replica.fields().map((f) => [f.table, f.column, f.value])).toEqual([
      ['event_assignments', 'decision', { kind: 'maybe-later' }],
      ['photos', 'colour_label', 'red'],
    ]);
  });
});
