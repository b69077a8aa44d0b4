import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { compareHlc } from '../protocol/index.js';
import { tempDir } from '../testing/temp.js';
import { SyncOutbox } from './outbox.js';

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
});
