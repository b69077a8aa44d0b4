import { describe, expect, it } from 'vitest';
import { resolveCaptureTime } from './capture-time.js';
import {
  formatLocal,
  formatUtc,
  isValidTimeZone,
  offsetAt,
  parseOffset,
  zonedWallToUtc,
  zoneAtPosition,
} from './time-zone.js';
import type { WallTime } from './time-zone.js';
import type { MetadataWarning } from './types.js';

const wall = (s: string): WallTime => {
  const [d = '', t = ''] = s.split('T');
  const [year, month, day] = d.split('-').map(Number);
  const [hour, minute, sec = '0'] = t.split(':');
  const [second, ms = '0'] = sec.split('.');
  return {
    year: year!,
    month: month!,
    day: day!,
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: Number(ms.padEnd(3, '0')),
  };
};

function local(
  s: string,
  zone: string,
): { local: string; utc: string; inGap: boolean; ambiguous: boolean } {
  const r = zonedWallToUtc(wall(s), zone);
  return {
    local: formatLocal(r.utcMs, r.offsetMinutes),
    utc: formatUtc(r.utcMs),
    inGap: r.inGap,
    ambiguous: r.ambiguous,
  };
}

describe('offsetAt', () => {
  it('knows Berlin summer and winter time', () => {
    expect(offsetAt(Date.UTC(2019, 6, 1, 12), 'Europe/Berlin')).toBe(120);
    expect(offsetAt(Date.UTC(2019, 0, 1, 12), 'Europe/Berlin')).toBe(60);
  });

  it('handles half-hour and negative zones', () => {
    expect(offsetAt(Date.UTC(2019, 0, 1), 'Asia/Kolkata')).toBe(330);
    expect(offsetAt(Date.UTC(2019, 0, 1), 'America/St_Johns')).toBe(-210);
  });
});

describe('zonedWallToUtc', () => {
  it('converts an ordinary summer wall time with milliseconds', () => {
    expect(local('2019-05-21T10:45:52.120', 'Europe/Berlin')).toEqual({
      local: '2019-05-21T10:45:52.120+02:00',
      utc: '2019-05-21T08:45:52.120Z',
      inGap: false,
      ambiguous: false,
    });
  });

  it('walks through the night Berlin falls back (2019-10-27) with the right offsets', () => {
    expect(local('2019-10-27T01:59:59', 'Europe/Berlin').utc).toBe('2019-10-26T23:59:59.000Z');
    // 02:30 happened twice; the first (summer time) occurrence is taken.
    expect(local('2019-10-27T02:30:00', 'Europe/Berlin')).toMatchObject({
      local: '2019-10-27T02:30:00.000+02:00',
      utc: '2019-10-27T00:30:00.000Z',
      ambiguous: true,
    });
    expect(local('2019-10-27T03:00:00', 'Europe/Berlin').local).toBe(
      '2019-10-27T03:00:00.000+01:00',
    );
    expect(local('2019-10-27T03:00:00', 'Europe/Berlin').utc).toBe('2019-10-27T02:00:00.000Z');
  });

  it('moves 02:30 on the Berlin spring-forward day (a time that does not exist) to 03:30+02:00', () => {
    expect(local('2019-03-31T02:30:00', 'Europe/Berlin')).toEqual({
      local: '2019-03-31T03:30:00.000+02:00',
      utc: '2019-03-31T01:30:00.000Z',
      inGap: true,
      ambiguous: false,
    });
    expect(local('2019-03-31T01:59:00', 'Europe/Berlin').local).toBe(
      '2019-03-31T01:59:00.000+01:00',
    );
    expect(local('2019-03-31T03:00:00', 'Europe/Berlin').local).toBe(
      '2019-03-31T03:00:00.000+02:00',
    );
  });

  it('handles America/New_York gap and overlap', () => {
    expect(local('2019-03-10T02:30:00', 'America/New_York')).toMatchObject({
      local: '2019-03-10T03:30:00.000-04:00',
      inGap: true,
    });
    expect(local('2019-11-03T01:30:00', 'America/New_York')).toMatchObject({
      local: '2019-11-03T01:30:00.000-04:00',
      utc: '2019-11-03T05:30:00.000Z',
      ambiguous: true,
    });
    expect(local('2019-07-04T21:00:00', 'America/New_York').utc).toBe('2019-07-05T01:00:00.000Z');
    expect(local('2019-12-31T23:59:59.999', 'America/New_York').utc).toBe(
      '2020-01-01T04:59:59.999Z',
    );
  });
});

describe('parseOffset', () => {
  it('reads EXIF and ISO offset spellings', () => {
    expect(parseOffset('+02:00')).toBe(120);
    expect(parseOffset('-04:00')).toBe(-240);
    expect(parseOffset('+0530')).toBe(330);
    expect(parseOffset('Z')).toBe(0);
    expect(parseOffset('   :  ')).toBeNull();
    expect(parseOffset('+25:00')).toBeNull();
  });
});

describe('zones', () => {
  it('validates IANA names', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('looks up the zone of a position offline', () => {
    expect(zoneAtPosition(52.52, 13.405)).toBe('Europe/Berlin');
    expect(zoneAtPosition(40.7128, -74.006)).toBe('America/New_York');
    expect(zoneAtPosition(200, 0)).toBeNull();
  });
});

describe('resolveCaptureTime', () => {
  const berlin = { position: { lat: 52.52, lon: 13.405 }, homeZone: 'America/New_York' };

  it('keeps the file offset and names the GPS zone only when it agrees', () => {
    const warnings: MetadataWarning[] = [];
    const w = wall('2019-05-21T10:45:52.120');
    const agree = resolveCaptureTime(
      { kind: 'wall', source: 'exif-original', wall: w, offsetMinutes: 120 },
      berlin,
      warnings,
    );
    expect(agree).toEqual({
      takenAt: '2019-05-21T10:45:52.120+02:00',
      takenAtUtc: '2019-05-21T08:45:52.120Z',
      timeZone: 'Europe/Berlin',
      timeSource: 'exif-original',
      zoneSource: 'exif-offset',
    });
    // A camera still on +01:00 in Berlin's summer: offset kept, no IANA zone claimed.
    const disagree = resolveCaptureTime(
      { kind: 'wall', source: 'exif-original', wall: w, offsetMinutes: 60 },
      berlin,
      warnings,
    );
    expect(disagree.takenAt).toBe('2019-05-21T10:45:52.120+01:00');
    expect(disagree.timeZone).toBeNull();
  });

  it('uses the GPS zone for wall times without offset, then the home zone', () => {
    const warnings: MetadataWarning[] = [];
    const w = wall('2019-03-31T02:30:00');
    const gps = resolveCaptureTime(
      { kind: 'wall', source: 'exif-original', wall: w, offsetMinutes: null },
      berlin,
      warnings,
    );
    expect(gps).toMatchObject({
      takenAt: '2019-03-31T03:30:00.000+02:00',
      timeZone: 'Europe/Berlin',
      zoneSource: 'gps-lookup',
    });
    expect(warnings.map((x) => x.code)).toEqual(['TIME_IN_DST_GAP']);
    const home = resolveCaptureTime(
      { kind: 'wall', source: 'file-name', wall: w, offsetMinutes: null },
      { position: null, homeZone: 'America/New_York' },
      [],
    );
    expect(home).toMatchObject({
      takenAt: '2019-03-31T02:30:00.000-04:00',
      timeZone: 'America/New_York',
      zoneSource: 'home-zone',
    });
  });

  it('expresses instants (mtime, GPS time) in the zone without shifting them', () => {
    const utcMs = Date.UTC(2019, 4, 21, 8, 45, 52, 120);
    const r = resolveCaptureTime(
      { kind: 'instant', source: 'file-mtime', utcMs },
      { position: null, homeZone: 'Asia/Tokyo' },
      [],
    );
    expect(r).toMatchObject({
      takenAt: '2019-05-21T17:45:52.120+09:00',
      takenAtUtc: '2019-05-21T08:45:52.120Z',
      zoneSource: 'home-zone',
    });
  });

  it('falls back to UTC with a warning when the home zone is not a zone', () => {
    const warnings: MetadataWarning[] = [];
    const r = resolveCaptureTime(
      { kind: 'instant', source: 'file-mtime', utcMs: 0 },
      { position: null, homeZone: 'Nowhere/Land' },
      warnings,
    );
    expect(r).toMatchObject({
      takenAt: '1970-01-01T00:00:00.000+00:00',
      timeZone: 'UTC',
      zoneSource: 'utc',
    });
    expect(warnings[0]?.code).toBe('HOME_ZONE_INVALID');
  });
});
