import { describe, expect, it } from 'vitest';
import type { MetadataWarning } from './types.js';
import {
  iptcCaptureDate,
  parseIptcDate,
  parseXmpDate,
  readXmpDates,
  xmpCaptureDates,
} from './xmp-iptc-date.js';

const packet = (body: string, ns = ''): string =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" ${ns}>${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;

const STD_NS =
  'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ' +
  'xmlns:xmp="http://ns.adobe.com/xap/1.0/"';

describe('readXmpDates', () => {
  it('reads the element form (Adobe, exifr__broken1.jpg)', () => {
    const xmp = packet(
      '<exif:DateTimeDigitized>2007-08-15T10:13:13+02:00</exif:DateTimeDigitized>' +
        '<exif:DateTimeOriginal>2007-08-15T10:13:13+01:00</exif:DateTimeOriginal>' +
        '<photoshop:DateCreated> 2007-08-15T10:13:13+01:00 </photoshop:DateCreated>',
      STD_NS,
    );
    expect(readXmpDates(xmp)).toEqual({
      'exif:DateTimeOriginal': '2007-08-15T10:13:13+01:00',
      'exif:DateTimeDigitized': '2007-08-15T10:13:13+02:00',
      'photoshop:DateCreated': '2007-08-15T10:13:13+01:00',
    });
  });

  it("reads the attribute form with either quote (ianare__image00971.jpg, exiftool's own)", () => {
    const xmp = packet(
      `<rdf:Description ${STD_NS} xmp:CreateDate="2010-04-13T09:37:22+02:00"\n` +
        `  xmp:ModifyDate="2012-08-27T15:36:36Z" photoshop:DateCreated='2020-07-23T00:00+02:00'/>`,
    );
    expect(readXmpDates(xmp)).toEqual({
      'xmp:CreateDate': '2010-04-13T09:37:22+02:00',
      'photoshop:DateCreated': '2020-07-23T00:00+02:00',
    });
  });

  it('resolves namespace prefixes instead of trusting the usual ones', () => {
    const odd = packet(
      '<e:DateTimeOriginal>2019-05-21T10:45:52</e:DateTimeOriginal>' +
        '<exif:DateTimeOriginal>1999-01-01T00:00:00</exif:DateTimeOriginal>',
      'xmlns:e="http://ns.adobe.com/exif/1.0/" xmlns:exif="http://example.com/not-exif/"',
    );
    expect(readXmpDates(odd)).toEqual({ 'exif:DateTimeOriginal': '2019-05-21T10:45:52' });
    // A fragment without any declaration is taken at its word.
    expect(readXmpDates('<xmp:CreateDate>2019-05-21</xmp:CreateDate>')).toEqual({
      'xmp:CreateDate': '2019-05-21',
    });
  });

  it('ignores look-alikes, structured values and empty values', () => {
    const xmp = packet(
      '<exifEX:DateTimeOriginal>2001-01-01T00:00:00</exifEX:DateTimeOriginal>' +
        '<Iptc4xmpExt:DateCreated>2001-01-01</Iptc4xmpExt:DateCreated>' +
        '<xmp:CreateDate><rdf:Alt><rdf:li>2001-01-01</rdf:li></rdf:Alt></xmp:CreateDate>' +
        '<photoshop:DateCreated></photoshop:DateCreated>',
      `${STD_NS} xmlns:exifEX="http://cipa.jp/exif/1.0/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"`,
    );
    expect(readXmpDates(xmp)).toEqual({});
    expect(readXmpDates('')).toEqual({});
  });
});

describe('parseXmpDate', () => {
  it('reads ISO 8601 with and without offset, seconds and fraction', () => {
    expect(parseXmpDate('2010-04-13T09:37:22+02:00')).toEqual({
      wall: { year: 2010, month: 4, day: 13, hour: 9, minute: 37, second: 22, millisecond: 0 },
      offsetMinutes: 120,
      hasFraction: false,
      dateOnly: false,
    });
    expect(parseXmpDate('2012-08-08T22:07:18.001')).toMatchObject({
      wall: { millisecond: 1 },
      offsetMinutes: null,
      hasFraction: true,
    });
    expect(parseXmpDate('2012-08-27T15:36:36Z')?.offsetMinutes).toBe(0);
    expect(parseXmpDate('2008-12-07T10:28:52-08:00')?.offsetMinutes).toBe(-480);
  });

  it('marks a day without time, or exactly midnight, as date-only', () => {
    expect(parseXmpDate('2020-07-23T00:00+02:00')).toMatchObject({
      wall: { year: 2020, month: 7, day: 23, hour: 0, minute: 0 },
      offsetMinutes: 120,
      dateOnly: true,
    });
    expect(parseXmpDate('2020-06-16')).toMatchObject({ offsetMinutes: null, dateOnly: true });
    expect(parseXmpDate('2020-06-16T00:00:01')?.dateOnly).toBe(false);
  });

  it('rejects coarse, zeroed and garbage values', () => {
    expect(parseXmpDate('2010')).toBeNull();
    expect(parseXmpDate('2010-04')).toBeNull();
    expect(parseXmpDate('0000-00-00T00:00:00')).toBeNull();
    expect(parseXmpDate('2019-02-29T10:00:00')).toBeNull();
    expect(parseXmpDate('yesterday')).toBeNull();
    expect(parseXmpDate(undefined)).toBeNull();
  });
});

describe('parseIptcDate', () => {
  it('combines DateCreated and TimeCreated with its offset', () => {
    expect(parseIptcDate('20070815', '101313+0100')).toEqual({
      wall: { year: 2007, month: 8, day: 15, hour: 10, minute: 13, second: 13, millisecond: 0 },
      offsetMinutes: 60,
      hasFraction: false,
      dateOnly: false,
    });
    expect(parseIptcDate('2019:05:12', '17:13:53-04:00')?.offsetMinutes).toBe(-240);
    expect(parseIptcDate('20190512', '171353')).toMatchObject({
      offsetMinutes: null,
      dateOnly: false,
    });
  });

  it('drops a +0000 offset, which writers put when they do not know the zone', () => {
    expect(parseIptcDate('20131126', '155355+0000')).toMatchObject({
      wall: { hour: 15, minute: 53, second: 55 },
      offsetMinutes: null,
    });
  });

  it('is date-only without TimeCreated or with 000000', () => {
    expect(parseIptcDate('20200723', undefined)).toMatchObject({
      wall: { year: 2020, month: 7, day: 23, hour: 0 },
      dateOnly: true,
    });
    expect(parseIptcDate('20200723', '000000+0000')).toMatchObject({
      offsetMinutes: null,
      dateOnly: true,
    });
  });

  it('rejects impossible dates and ignores a garbled time', () => {
    expect(parseIptcDate('20191301', '101010')).toBeNull();
    expect(parseIptcDate('00000000', '000000')).toBeNull();
    expect(parseIptcDate('2019', '101010')).toBeNull();
    expect(parseIptcDate('20190521', '99')).toMatchObject({ dateOnly: true });
    expect(parseIptcDate(20190521, '101010')).toBeNull();
  });
});

describe('xmpCaptureDates / iptcCaptureDate', () => {
  it('orders XMP dates DateTimeOriginal > DateCreated > CreateDate and warns on garbage', () => {
    const warnings: MetadataWarning[] = [];
    const dates = xmpCaptureDates(
      {
        'xmp:CreateDate': '2010-04-13T09:37:22+02:00',
        'photoshop:DateCreated': 'not a date',
        'exif:DateTimeOriginal': '2010-04-13T09:37:21',
        'exif:DateTimeDigitized': '2010-04-13T09:37:20',
      },
      warnings,
    );
    expect(dates.map((d) => d.label)).toEqual(['XMP exif:DateTimeOriginal', 'XMP xmp:CreateDate']);
    expect(dates.every((d) => d.source === 'xmp')).toBe(true);
    expect(warnings).toEqual([
      {
        code: 'DATE_INVALID',
        message: 'XMP photoshop:DateCreated "not a date" is not a valid date',
      },
    ]);
  });

  it('reads IPTC as exifr returns it, repeated datasets included', () => {
    expect(iptcCaptureDate({ DateCreated: '20200723', TimeCreated: '000000+0000' }, [])).toEqual({
      source: 'iptc',
      label: 'IPTC DateCreated',
      value: expect.objectContaining({ dateOnly: true }),
    });
    expect(
      iptcCaptureDate({ DateCreated: ['20120808', '20120809'], TimeCreated: '220718' }, [])?.value
        .wall.day,
    ).toBe(8);
    expect(iptcCaptureDate({ TimeCreated: '101010' }, [])).toBeNull();
    const warnings: MetadataWarning[] = [];
    expect(iptcCaptureDate({ DateCreated: '2019', TimeCreated: '101010' }, warnings)).toBeNull();
    expect(warnings.map((w) => w.code)).toEqual(['DATE_INVALID']);
  });
});
