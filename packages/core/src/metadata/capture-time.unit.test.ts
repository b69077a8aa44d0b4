import { describe, expect, it } from 'vitest';
import { exifTimeCandidates, resolveCaptureTime, sidecarCandidates } from './capture-time.js';
import { parseDateString, parseSubSeconds } from './exif-date.js';
import type { MetadataWarning } from './types.js';
import { parseIptcDate, parseXmpDate } from './xmp-iptc-date.js';

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
    expect(warnings.map((w) => w.code)).toEqual(['DATE_INVALID']);
  });

  it('ignores GPS time without a date stamp or with nonsense values', () => {
    expect(exifTimeCandidates({}, { GPSTimeStamp: [14, 33, 35.62] }, [])).toEqual([]);
    expect(
      exifTimeCandidates({}, { GPSDateStamp: '2019:05:21', GPSTimeStamp: [25, 0, 0] }, []),
    ).toEqual([]);
  });
});

describe('XMP offsets for EXIF dates without OffsetTime', () => {
  it('takes the offset of the XMP DateTimeOriginal with the same wall time (exifr__broken1.jpg)', () => {
    const [original, created] = exifTimeCandidates(
      { DateTimeOriginal: '2007:08:15 10:13:13', CreateDate: '2007:08:15 10:13:13' },
      {},
      [],
      {
        'exif:DateTimeOriginal': '2007-08-15T10:13:13+01:00',
        'exif:DateTimeDigitized': '2007-08-15T10:13:13+02:00',
        'photoshop:DateCreated': '2007-08-15T10:13:13+01:00',
      },
    );
    expect(original).toMatchObject({ offsetMinutes: 60, offsetSource: 'xmp-offset' });
    // CreateDate pairs with exif:DateTimeDigitized.
    expect(created).toMatchObject({ offsetMinutes: 120, offsetSource: 'xmp-offset' });
  });

  it('falls back to any XMP date with the same wall time (Nikon D5000: xmp:CreateDate only)', () => {
    const [c] = exifTimeCandidates({ DateTimeOriginal: '2011:03:12 15:36:11' }, {}, [], {
      'xmp:CreateDate': '2011-03-12T15:36:11.00+01:00',
    });
    expect(c).toMatchObject({ offsetMinutes: 60, offsetSource: 'xmp-offset' });
  });

  it('ignores XMP dates with another wall time or without offset, and EXIF offsets win', () => {
    const other = exifTimeCandidates({ DateTimeOriginal: '2011:03:12 15:36:11' }, {}, [], {
      'exif:DateTimeOriginal': '2011-03-12T15:36:12+01:00',
      'photoshop:DateCreated': '2011-03-12T15:36:11',
    });
    expect(other[0]).toEqual({
      kind: 'wall',
      source: 'exif-original',
      wall: { year: 2011, month: 3, day: 12, hour: 15, minute: 36, second: 11, millisecond: 0 },
      offsetMinutes: null,
    });
    const exifWins = exifTimeCandidates(
      { DateTimeOriginal: '2011:03:12 15:36:11', OffsetTimeOriginal: '+03:00' },
      {},
      [],
      { 'exif:DateTimeOriginal': '2011-03-12T15:36:11+01:00' },
    );
    expect(exifWins[0]).toMatchObject({ offsetMinutes: 180 });
    expect(exifWins[0]).not.toHaveProperty('offsetSource');
  });

  it("resolves with zoneSource 'xmp-offset' and names the GPS zone when it agrees", () => {
    const [c] = exifTimeCandidates({ DateTimeOriginal: '2012:06:09 21:23:38' }, {}, [], {
      'exif:DateTimeOriginal': '2012-06-09T21:23:38+01:00',
    });
    const dublin = { position: { lat: 53.359465, lon: -6.258231 }, homeZone: 'Europe/Berlin' };
    expect(resolveCaptureTime(c!, dublin, [])).toEqual({
      takenAt: '2012-06-09T21:23:38.000+01:00',
      takenAtUtc: '2012-06-09T20:23:38.000Z',
      timeZone: 'Europe/Dublin',
      timeSource: 'exif-original',
      zoneSource: 'xmp-offset',
    });
  });
});

describe('sidecarCandidates', () => {
  it('keeps XMP/IPTC offsets as their own zone source and flags date-only values', () => {
    const [xmp, iptc, noOffset] = sidecarCandidates([
      {
        source: 'xmp',
        label: 'XMP photoshop:DateCreated',
        value: parseXmpDate('2020-07-23T00:00+02:00')!,
      },
      {
        source: 'iptc',
        label: 'IPTC DateCreated',
        value: parseIptcDate('20070815', '101313+0100')!,
      },
      { source: 'iptc', label: 'IPTC DateCreated', value: parseIptcDate('20190512', '171353')! },
    ]);
    expect(xmp).toEqual({
      kind: 'wall',
      source: 'xmp',
      wall: { year: 2020, month: 7, day: 23, hour: 0, minute: 0, second: 0, millisecond: 0 },
      offsetMinutes: 120,
      offsetSource: 'xmp-offset',
      dateOnly: true,
      label: 'XMP photoshop:DateCreated',
    });
    expect(iptc).toMatchObject({ source: 'iptc', offsetMinutes: 60, offsetSource: 'iptc-offset' });
    expect(iptc).not.toHaveProperty('dateOnly');
    expect(noOffset).toMatchObject({ offsetMinutes: null });
    expect(noOffset).not.toHaveProperty('offsetSource');
    const home = { position: null, homeZone: 'Europe/Madrid' };
    expect(resolveCaptureTime(xmp!, home, [])).toMatchObject({
      takenAt: '2020-07-23T00:00:00.000+02:00',
      timeSource: 'xmp',
      zoneSource: 'xmp-offset',
    });
    expect(resolveCaptureTime(noOffset!, home, [])).toMatchObject({
      takenAt: '2019-05-12T17:13:53.000+02:00',
      timeSource: 'iptc',
      zoneSource: 'home-zone',
    });
  });
});
