import { describe, expect, it } from 'vitest';
import {
  HLC_MAX_COUNTER,
  HlcClock,
  HlcError,
  isValidHlcNode,
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

describe('HLC edges', () => {
  const MAX_WALL = Date.parse('9999-12-31T23:59:59.999Z');

  it('formats the whole wall range and refuses anything outside it, naming the value', () => {
    expect(formatHlc({ wall: 0, counter: 0, node: 'a' })).toBe('1970-01-01T00:00:00.000Z-0000-a');
    expect(formatHlc({ wall: MAX_WALL, counter: HLC_MAX_COUNTER, node: 'a' })).toBe(
      '9999-12-31T23:59:59.999Z-ffff-a',
    );
    for (const wall of [-1, MAX_WALL + 1, T0 + 0.5, NaN]) {
      expect(() => formatHlc({ wall, counter: 0, node: 'a' })).toThrow(
        `HLC wall time out of range: ${wall}`,
      );
    }
    for (const counter of [-1, 0.5, HLC_MAX_COUNTER + 1]) {
      expect(() => formatHlc({ wall: T0, counter, node: 'a' })).toThrow(
        `HLC counter out of range: ${counter}`,
      );
    }
    for (const node of ['', 'A', 'a-b', 'x'.repeat(33)]) {
      expect(isValidHlcNode(node), node).toBe(false);
      expect(() => formatHlc({ wall: T0, counter: 0, node })).toThrow(
        'HLC node must be 1-32 lowercase letters or digits',
      );
    }
    expect(isValidHlcNode('x'.repeat(32))).toBe(true);
  });

  it('errors are HlcErrors with a code, a name and the offending value', () => {
    let caught: unknown;
    try {
      parseHlc('2026-13-01T08:00:00.000Z-0000-a1'); // matches the pattern, not a date
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(HlcError);
    expect(caught).toMatchObject({
      name: 'HlcError',
      code: 'INVALID_HLC',
      message: 'not an HLC timestamp: "2026-13-01T08:00:00.000Z-0000-a1"',
    });
    expect(() => new HlcClock('')).toThrow('HLC node must be 1-32 lowercase letters or digits');
  });

  it('orders in both directions', () => {
    const a = formatHlc({ wall: T0, counter: 0, node: 'a' });
    const b = formatHlc({ wall: T0, counter: 1, node: 'a' });
    expect(compareHlc(b, a)).toBe(1);
    expect(compareHlc(a, b)).toBe(-1);
  });

  it('accepts a remote exactly at the drift limit, and says how far ahead a refused one is', () => {
    const clock = fixedClock();
    const a = new HlcClock('aaaa', { now: clock.now, maxDriftMs: 60_000 });
    const edge = formatHlc({ wall: T0 + 60_000, counter: 0, node: 'bbbb' });
    expect(parseHlc(a.receive(edge))).toMatchObject({ wall: T0 + 60_000, counter: 1 });
    const b = new HlcClock('aaaa', { now: clock.now, maxDriftMs: 60_000 });
    const far = formatHlc({ wall: T0 + 60_001, counter: 0, node: 'bbbb' });
    expect(() => b.receive(far)).toThrow(
      new HlcError('CLOCK_DRIFT', 'remote clock bbbb is 60001 ms ahead (limit 60000 ms)'),
    );
  });

  it('refuses to run the logical clock further ahead than the drift limit', () => {
    const clock = fixedClock();
    const a = new HlcClock('aaaa', { now: clock.now, maxDriftMs: 60_000 });
    a.tick();
    clock.set(T0 - 60_000); // exactly at the limit: still fine
    expect(parseHlc(a.tick())).toMatchObject({ wall: T0, counter: 1 });
    clock.set(T0 - 120_000);
    let caught: unknown;
    try {
      a.tick();
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      code: 'CLOCK_DRIFT',
      message: 'logical clock is 120000 ms ahead of the physical clock (limit 60000 ms)',
    });
    // The default limit is five minutes.
    const d = new HlcClock('dddd', { now: clock.now });
    clock.set(T0);
    d.tick();
    clock.set(T0 - 5 * 60_000);
    expect(() => d.tick()).not.toThrow();
    clock.set(T0 - 5 * 60_000 - 1);
    expect(() => d.tick()).toThrow(expect.objectContaining({ code: 'CLOCK_DRIFT' }));
  });

  it('restarts the counter when the physical clock is ahead of both', () => {
    const clock = fixedClock();
    const a = new HlcClock('aaaa', { now: clock.now });
    a.tick();
    a.tick();
    clock.set(T0 + 1000);
    const older = formatHlc({ wall: T0 + 500, counter: 42, node: 'bbbb' });
    expect(parseHlc(a.receive(older))).toMatchObject({ wall: T0 + 1000, counter: 0 });
  });
});

describe('HLC error codes', () => {
  it('every malformed input is INVALID_HLC', () => {
    const invalid = expect.objectContaining({ code: 'INVALID_HLC' });
    expect(() => formatHlc({ wall: -1, counter: 0, node: 'a' })).toThrow(invalid);
    expect(() => formatHlc({ wall: T0, counter: -1, node: 'a' })).toThrow(invalid);
    expect(() => formatHlc({ wall: T0, counter: 0, node: 'A' })).toThrow(invalid);
    expect(() => new HlcClock('A')).toThrow(invalid);
    expect(() => parseHlc('x')).toThrow(invalid);
  });
});
