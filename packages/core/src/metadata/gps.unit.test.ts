import { describe, expect, it } from 'vitest';
import {
  dmsToDecimal,
  exifAltitude,
  isEmptyCoordinate,
  parseIso6709,
  parseXmpCoordinate,
  validatePosition,
  xmpPosition,
} from './gps.js';

describe('EXIF GPS', () => {
  it('turns degree/minute/second arrays and refs into signed decimals', () => {
    expect(dmsToDecimal([40, 24, 0.25], 'N')).toBeCloseTo(40.4000694444, 9);
    expect(dmsToDecimal([3, 42, 52.73], 'W')).toBeCloseTo(-3.7146472222, 9);
    expect(dmsToDecimal([33, 27.2082, 0], 'S')).toBeCloseTo(-33.45347, 9);
    expect(dmsToDecimal(['48/1', '53323582/1000000', '0/1'], 'N')).toBeCloseTo(48.888726366, 8);
  });

  it('yields NaN for 0/0 rationals and empty arrays so validation rejects them', () => {
    expect(dmsToDecimal([48, 53.32358, null], 'N')).toBeNaN();
    expect(dmsToDecimal([48, 53.32358, NaN], 'N')).toBeNaN();
    expect(dmsToDecimal([], 'N')).toBeNaN();
    expect(dmsToDecimal(undefined, undefined)).toBeNaN();
  });

  it('makes altitude negative below sea level, whatever shape the ref byte has', () => {
    expect(exifAltitude(12.5, 1)).toBe(-12.5);
    expect(exifAltitude(12.5, new Uint8Array([1]))).toBe(-12.5);
    expect(exifAltitude(12.5, { 0: 0 })).toBe(12.5);
    expect(Object.is(exifAltitude(0, 1), 0)).toBe(true);
    expect(exifAltitude('abc', 0)).toBeNull();
  });
});

describe('validatePosition', () => {
  it('accepts real positions and drops a non-finite altitude', () => {
    expect(validatePosition(52.5, 13.4, Number.NaN)).toEqual({
      ok: true,
      position: { lat: 52.5, lon: 13.4, alt: null },
    });
  });

  it('rejects out-of-range, NaN and exactly 0,0', () => {
    expect(validatePosition(91, 0, null).ok).toBe(false);
    expect(validatePosition(45, -180.5, null).ok).toBe(false);
    expect(validatePosition(Number.NaN, 10, null).ok).toBe(false);
    expect(validatePosition(0, 0, 12)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('0,0'),
    });
    expect(validatePosition(0, 10, null).ok).toBe(true);
  });
});

describe('XMP GPS', () => {
  it('parses the XMP GPSCoordinate forms', () => {
    expect(parseXmpCoordinate('48,53.323582N')).toBeCloseTo(48.8887263667, 9);
    expect(parseXmpCoordinate('21,2.595070E')).toBeCloseTo(21.0432511667, 9);
    expect(parseXmpCoordinate('6,15,29.633W')).toBeCloseTo(-6.2582313889, 9);
    expect(parseXmpCoordinate('+47.3541841')).toBeCloseTo(47.3541841, 9);
    expect(parseXmpCoordinate('north')).toBeNaN();
  });

  it('finds attribute and element forms in a packet', () => {
    const attr =
      '<rdf:Description exif:GPSLatitude="48,53.323582N" exif:GPSLongitude="21,2.595070E"/>';
    expect(xmpPosition(attr)).toMatchObject({ alt: null });
    expect(xmpPosition(attr)?.lat).toBeCloseTo(48.88872637, 7);
    const el =
      '<exif:GPSLatitude>33,27.2082S</exif:GPSLatitude><exif:GPSLongitude>25,45.8787E</exif:GPSLongitude><exif:GPSAltitude>1902/10</exif:GPSAltitude>';
    expect(xmpPosition(el)).toMatchObject({ alt: 190.2 });
    expect(xmpPosition(el)?.lat).toBeCloseTo(-33.45347, 6);
    expect(xmpPosition('<x:xmpmeta/>')).toBeNull();
  });
});

describe('parseIso6709', () => {
  it('reads decimal degrees with and without altitude', () => {
    expect(parseIso6709('+51.4169-000.0806/')).toEqual({ lat: 51.4169, lon: -0.0806, alt: null });
    expect(parseIso6709('+32.0929+034.8620+028.516/')).toEqual({
      lat: 32.0929,
      lon: 34.862,
      alt: 28.516,
    });
    expect(parseIso6709('-33.8688+151.2093CRSWGS_84/')).toEqual({
      lat: -33.8688,
      lon: 151.2093,
      alt: null,
    });
  });

  it('reads degree-minute and degree-minute-second forms', () => {
    const dm = parseIso6709('+4030.5-07400.0/');
    expect(dm?.lat).toBeCloseTo(40.508333, 5);
    expect(dm?.lon).toBeCloseTo(-74, 5);
    const dms = parseIso6709('+403000-0740000/');
    expect(dms?.lat).toBeCloseTo(40.5, 6);
    expect(dms?.lon).toBeCloseTo(-74, 6);
  });

  it('rejects strings that are not ISO 6709 points', () => {
    expect(parseIso6709('51.4169,-0.0806')).toBeNull();
    expect(parseIso6709('+5.4-0.08/')).toBeNull();
    expect(parseIso6709('')).toBeNull();
  });
});

describe('isEmptyCoordinate', () => {
  it('tells an empty GPS tag (no fix written) from a wrong one', () => {
    // exifr__broken1.jpg / Issue 487.heic: three 0/0 rationals come back as nulls.
    expect(isEmptyCoordinate([null, null, null])).toBe(true);
    expect(isEmptyCoordinate([NaN, NaN, NaN])).toBe(true);
    expect(isEmptyCoordinate([])).toBe(true);
    expect(isEmptyCoordinate('')).toBe(true);
    expect(isEmptyCoordinate(' \u0000')).toBe(true);
    expect(isEmptyCoordinate(undefined)).toBe(true);
    // Nikon D5000: degrees and minutes present, seconds 0/0 -> incomplete, not empty.
    expect(isEmptyCoordinate([48, 53.32358, null])).toBe(false);
    expect(isEmptyCoordinate([0, 0, 0])).toBe(false);
    expect(isEmptyCoordinate(12.5)).toBe(false);
  });
});
