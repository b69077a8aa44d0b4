import { describe, expect, it } from 'vitest';
import {
  HLC_MAX_COUNTER,
  HlcClock,
  HlcError,
  compareHlc,
  formatHlc,
  isHlc,
  parseHlc,
} from './hlc.js';

const T0 = Date.parse('2026-11-22T08:00:00.000Z');

function fixedClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    set: (ms: number) => {
      now = ms;
    },
  };
}

describe('HLC encoding', () => {
  it('round-trips and sorts as strings in time order', () => {
    const a = formatHlc({ wall: T0, counter: 0, node: 'a1' });
    expect(a).toBe('2026-11-22T08:00:00.000Z-0000-a1');
    expect(parseHlc(a)).toEqual({ wall: T0, counter: 0, node: 'a1' });
    const later = [
      formatHlc({ wall: T0, counter: 1, node: 'a1' }),
      formatHlc({ wall: T0, counter: 0x10, node: 'a1' }),
      formatHlc({ wall: T0 + 1, counter: 0, node: 'a0' }),
      formatHlc({ wall: T0 + 10_000_000_000, counter: 0, node: 'a0' }),
    ];
    expect([...later].sort()).toEqual(later);
    for (const b of later) expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(a, a)).toBe(0);
  });

  it('rejects malformed timestamps', () => {
    for (const bad of [
      '',
      '2026-11-22T08:00:00.000Z-0000',
      '2026-11-22T08:00:00.000Z-000g-a1',
      '2026-11-22T08:00:00.000Z-0000-A1',
      '2026-02-31T08:00:00.000Z-0000-a1',
      '2026-11-22T08:00:00Z-0000-a1',
    ]) {
      expect(isHlc(bad), bad).toBe(false);
      expect(() => parseHlc(bad)).toThrow(HlcError);
    }
    expect(() => formatHlc({ wall: T0, counter: 0x10000, node: 'a' })).toThrow(/counter/);
    expect(() => new HlcClock('Not-OK')).toThrow(/node/);
  });
});

describe('HlcClock', () => {
  it('ticks strictly increasing, with the counter inside one millisecond', () => {
    const clock = fixedClock();
    const hlc = new HlcClock('dev1', { now: clock.now });
    const a = hlc.tick();
    const b = hlc.tick();
    clock.set(T0 + 5);
    const c = hlc.tick();
    expect(parseHlc(a)).toMatchObject({ wall: T0, counter: 0 });
    expect(parseHlc(b)).toMatchObject({ wall: T0, counter: 1 });
    expect(parseHlc(c)).toMatchObject({ wall: T0 + 5, counter: 0 });
  });

  it('stays monotonic when the physical clock jumps backwards', () => {
    const clock = fixedClock();
    const hlc = new HlcClock('dev1', { now: clock.now });
    const before = hlc.tick();
    clock.set(T0 - 60_000); // NTP stepped the clock back a minute
    const after = hlc.tick();
    expect(compareHlc(before, after)).toBe(-1);
    expect(parseHlc(after)).toMatchObject({ wall: T0, counter: 1 });
  });

  it('borrows the next millisecond when the counter overflows', () => {
    const clock = fixedClock();
    const hlc = new HlcClock('dev1', { now: clock.now });
    let prev = hlc.tick();
    for (let i = 0; i < HLC_MAX_COUNTER + 5; i++) {
      const next = hlc.tick();
      expect(next > prev).toBe(true);
      prev = next;
    }
    expect(parseHlc(prev)).toMatchObject({ wall: T0 + 1, counter: 4 });
  });

  it('orders after a remote timestamp from a clock that runs ahead (skew)', () => {
    const local = fixedClock();
    const remote = fixedClock(T0 + 30_000); // the other device's clock is 30 s fast
    const a = new HlcClock('aaaa', { now: local.now });
    const b = new HlcClock('bbbb', { now: remote.now });
    const fromB = b.tick();
    const merged = a.receive(fromB);
    expect(compareHlc(fromB, merged)).toBe(-1);
    expect(parseHlc(merged)).toMatchObject({ wall: T0 + 30_000, counter: 1, node: 'aaaa' });
    // A's next local edit still wins over B's, although A's physical clock is behind.
    expect(compareHlc(fromB, a.tick())).toBe(-1);
    // Once A's physical clock passes the logical one, the counter resets.
    local.set(T0 + 31_000);
    expect(parseHlc(a.tick())).toMatchObject({ wall: T0 + 31_000, counter: 0 });
  });

  it('takes the larger counter when both clocks share a millisecond', () => {
    const clock = fixedClock();
    const a = new HlcClock('aaaa', { now: clock.now });
    a.tick();
    const remote = formatHlc({ wall: T0, counter: 7, node: 'bbbb' });
    expect(parseHlc(a.receive(remote))).toMatchObject({ wall: T0, counter: 8 });
    const old = formatHlc({ wall: T0 - 1000, counter: 99, node: 'bbbb' });
    expect(parseHlc(a.receive(old))).toMatchObject({ wall: T0, counter: 9 });
  });

  it('refuses a remote clock too far in the future', () => {
    const clock = fixedClock();
    const a = new HlcClock('aaaa', { now: clock.now, maxDriftMs: 60_000 });
    const far = formatHlc({ wall: T0 + 3_600_000, counter: 0, node: 'bbbb' });
    expect(() => a.receive(far)).toThrow(expect.objectContaining({ code: 'CLOCK_DRIFT' }));
    // The clock did not move: the bad timestamp left no trace.
    expect(parseHlc(a.tick()).wall).toBe(T0);
  });

  it('resumes after the last persisted timestamp', () => {
    const clock = fixedClock(T0 - 5000);
    const last = formatHlc({ wall: T0, counter: 3, node: 'dev1' });
    const hlc = new HlcClock('dev1', { now: clock.now, last });
    expect(compareHlc(last, hlc.tick())).toBe(-1);
  });
});
