import { describe, expect, it } from 'vitest';
import { exifTimeCandidates } from './capture-time.js';
import { parseDateString, parseSubSeconds } from './exif-date.js';
import type { MetadataWarning } from './types.js';

describe('parseDateString', () => {
  it('reads EXIF, ISO and QuickTime spellings', () => {
    expect(parseDateString('2019:05:21 10:45:52')).toEqual({
      wall: { year: 2019, month: 5, day: 21, hour: 10, minute: 45, second: 52, millisecond: 0 },
      offsetMinutes: null,
      hasFraction: false,
    });
    expect(parseDateString('2011-03-12T15:36:11.00+01:00')).toMatchObject({
      offsetMinutes: 60,
      hasFraction: true,
    });
    expect(parseDateString('2019-07-24T11:25:40+0300')).toMatchObject({ offsetMinutes: 180 });
    expect(parseDateString('2020-06-16')?.wall.day).toBe(16);
  });

  it('rejects zeroed, impossible and corrupt dates', () => {
    expect(parseDateString('0000:00:00 00:00:00')).toBeNull();
    expect(parseDateString('2019:02:29 10:00:00')).toBeNull();
    expect(parseDateString('2019:13:01 10:00:00')).toBeNull();
    expect(parseDateString('\u0000\u0000\u0000:08 09:55:10')).toBeNull();
    expect(parseDateString(20190521)).toBeNull();
    expect(parseDateString('2020:02:29 23:59:59')).not.toBeNull();
  });
});

describe('parseSubSeconds', () => {
  it('treats SubSecTime as fraction digits', () => {
    expect(parseSubSeconds('1')).toBe(100);
    expect(parseSubSeconds('12')).toBe(120);
    expect(parseSubSeconds('023')).toBe(23);
    expect(parseSubSeconds('955677')).toBe(955);
    expect(parseSubSeconds(' 75\u0000')).toBe(750);
    expect(parseSubSeconds('ab')).toBeNull();
    expect(parseSubSeconds(undefined)).toBeNull();
  });
});

describe('exifTimeCandidates', () => {
  it('prefers DateTimeOriginal with its subseconds and offset', () => {
    const c = exifTimeCandidates(
      {
        DateTimeOriginal: '2023:10:06 22:53:51',
        SubSecTimeOriginal: '724',
        OffsetTimeOriginal: '+02:00',
        CreateDate: '2023:10:06 22:53:50',
      },
      {},
      [],
    );
    expect(c[0]).toEqual({
      kind: 'wall',
      source: 'exif-original',
      wall: { year: 2023, month: 10, day: 6, hour: 22, minute: 53, second: 51, millisecond: 724 },
      offsetMinutes: 120,
    });
    expect(c[1]?.source).toBe('exif-create');
  });

  it('falls back to OffsetTime when OffsetTimeOriginal is missing', () => {
    const [c] = exifTimeCandidates(
      { DateTimeOriginal: '2019:06:06 07:29:51', OffsetTime: '+02:00' },
      {},
      [],
    );
    expect(c).toMatchObject({ offsetMinutes: 120 });
  });

  it('uses CreateDate with the digitized companions, then GPS time as a UTC instant', () => {
    const warnings: MetadataWarning[] = [];
    const c = exifTimeCandidates(
      {
        DateTimeOriginal: '0000:00:00 00:00:00',
        CreateDate: '2019:05:21 10:45:52',
        SubSecTimeDigitized: '5',
        OffsetTimeDigitized: '-04:00',
      },
      { GPSDateStamp: '2019:05:21', GPSTimeStamp: [14, 45, 51.5] },
      warnings,
    );
    expect(c.map((x) => x.source)).toEqual(['exif-create', 'gps']);
    expect(c[0]).toMatchObject({ offsetMinutes: -240, wall: { millisecond: 500 } });
    expect(c[1]).toEqual({
      kind: 'instant',
      source: 'gps',
      utcMs: Date.UTC(2019, 4, 21, 14, 45, 51, 500),
    });
    expect(warnings.map((w) => w.code)).toEqual(['date-invalid']);
  });

  it('ignores GPS time without a date stamp or with nonsense values', () => {
    expect(exifTimeCandidates({}, { GPSTimeStamp: [14, 33, 35.62] }, [])).toEqual([]);
    expect(
      exifTimeCandidates({}, { GPSDateStamp: '2019:05:21', GPSTimeStamp: [25, 0, 0] }, []),
    ).toEqual([]);
  });
});
