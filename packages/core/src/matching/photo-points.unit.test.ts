import { describe, expect, it } from 'vitest';
import { pointFromRow, trailingOffset } from './photo-points.js';

describe('photo points', () => {
  it('reads the offset at the end of a local time, and nothing else', () => {
    expect(trailingOffset('2024-05-10T20:00:00.000+02:00')).toBe(120);
    expect(trailingOffset('2024-05-10T20:00:00.000-04:30')).toBe(-270);
    expect(trailingOffset('2024-05-10T20:00:00.000Z')).toBe(0);
    expect(trailingOffset('2024-05-10T20:00:00.000')).toBeNull();
    expect(trailingOffset('2024-05-10T20:00:00+0x:00')).toBeNull();
    expect(trailingOffset(null)).toBeNull();
  });

  it('keeps photos without a capture time or with only a file time out, with the reason', () => {
    const none = new Map();
    expect(pointFromRow(['a', 0, null, null, 0, 0, null, null, null], none)).toEqual({
      photoId: 'a',
      reason: 'no-capture-time',
    });
    expect(
      pointFromRow(
        ['b', 1, '2024-05-10T20:00:00.000+02:00', 'Europe/Berlin', 0, 1, null, null, null],
        none,
      ),
    ).toEqual({ photoId: 'b', reason: 'file-time-only' });
  });

  it('trusts the zone only when it came from the file or GPS and the offset is readable', () => {
    const row = (reliable: 0 | 1, takenAt: string) =>
      pointFromRow(['c', 1, takenAt, 'Europe/Berlin', reliable, 0, 52.5, 13.4, 2950159], new Map());
    expect(row(1, '2024-05-10T20:00:00.000+02:00')).toMatchObject({
      zoneReliable: true,
      offsetMinutes: 120,
      cityId: 2950159,
    });
    expect(row(0, '2024-05-10T20:00:00.000+02:00')).toMatchObject({ zoneReliable: false });
    expect(row(1, '2024-05-10T20:00:00.000')).toMatchObject({ zoneReliable: false });
  });
});
