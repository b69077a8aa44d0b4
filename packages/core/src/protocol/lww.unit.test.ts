import { describe, expect, it } from 'vitest';
import { lwwWins } from './lww.js';

describe('lwwWins', () => {
  it('orders by hlc, then device, and is total', () => {
    const a = { hlc: '2026-11-22T08:00:00.000Z-0000-aa', device: 'b' };
    const b = { hlc: '2026-11-22T08:00:00.000Z-0001-aa', device: 'a' };
    const c = { hlc: '2026-11-22T08:00:00.000Z-0001-aa', device: 'c' };
    expect(lwwWins(a, undefined)).toBe(true);
    expect(lwwWins(b, a)).toBe(true);
    expect(lwwWins(a, b)).toBe(false);
    expect(lwwWins(c, b)).toBe(true);
    expect(lwwWins(b, c)).toBe(false);
    expect(lwwWins(b, b)).toBe(false);
  });
});
