// Near-duplicates: hashes within maxDistance bits are grouped (the bound included).
import { describe, expect, it } from 'vitest';
import { hammingHex, similarGroups } from './duplicates.js';

/** The hash with the given bit positions (0 = most significant) flipped. */
function flip(hex: string, bits: number[]): string {
  let v = BigInt('0x' + hex);
  for (const b of bits) v ^= 1n << BigInt(63 - b);
  return v.toString(16).padStart(16, '0');
}

const BASE = 'f0e1d2c3b4a59687';

describe('similarGroups', () => {
  for (const maxDistance of [0, 1, 6, 10]) {
    it(`groups hashes exactly ${maxDistance} bits apart, not ${maxDistance + 1}`, () => {
      // Spread the flipped bits over the whole hash (every pigeonhole chunk).
      const spread = (n: number): number[] => Array.from({ length: n }, (_, i) => (i * 37) % 64);
      const atMax = flip(BASE, spread(maxDistance));
      const beyond = flip(BASE, spread(maxDistance + 1));
      expect(hammingHex(BASE, atMax)).toBe(maxDistance);
      expect(hammingHex(BASE, beyond)).toBe(maxDistance + 1);
      expect(
        similarGroups(
          [
            { id: 'a', phash: BASE },
            { id: 'b', phash: atMax },
          ],
          maxDistance,
        ),
      ).toEqual([['a', 'b']]);
      expect(
        similarGroups(
          [
            { id: 'a', phash: BASE },
            { id: 'c', phash: beyond },
          ],
          maxDistance,
        ),
      ).toEqual([]);
    });
  }

  it('uses 6 bits by default, single link, and ignores malformed hashes', () => {
    const six = flip(BASE, [0, 9, 18, 27, 36, 45]);
    const seven = flip(BASE, [1, 10, 19, 28, 37, 46, 55]);
    expect(
      similarGroups([
        { id: 'a', phash: BASE },
        { id: 'b', phash: six },
      ]),
    ).toEqual([['a', 'b']]);
    expect(
      similarGroups([
        { id: 'a', phash: BASE },
        { id: 'c', phash: seven },
      ]),
    ).toEqual([]);
    // b is 6 from a, d is 6 from b (12 from a): one group through b.
    const d = flip(six, [3, 12, 21, 30, 39, 48]);
    expect(hammingHex(BASE, d)).toBe(12);
    expect(
      similarGroups([
        { id: 'd', phash: d },
        { id: 'a', phash: BASE },
        { id: 'b', phash: six },
        { id: 'x', phash: 'not-a-hash' },
      ]),
    ).toEqual([['a', 'b', 'd']]);
  });
});
