// GPS positions from the three places they hide: EXIF rationals (degrees, minutes, seconds +
// N/S/E/W refs), XMP strings ("48,53.32358N") and ISO 6709 strings in videos
// ("+51.4169-000.0806/"). Everything ends in one validation so bad fixes never reach the map.

export interface GpsPosition {
  lat: number;
  lon: number;
  alt: number | null;
}

export type GpsCheck = { ok: true; position: GpsPosition } | { ok: false; reason: string };

/**
 * Rejects positions that cannot be real fixes: non-finite, out of range, or exactly 0,0
 * ("Null Island" is what many phones write when they had no fix).
 */
export function validatePosition(lat: number, lon: number, alt: number | null): GpsCheck {
  if (!Number.isFinite(lat) || !Number.isFinite(lon))
    return { ok: false, reason: 'coordinates are not numbers' };
  if (lat < -90 || lat > 90) return { ok: false, reason: `latitude ${lat} is out of range` };
  if (lon < -180 || lon > 180) return { ok: false, reason: `longitude ${lon} is out of range` };
  if (lat === 0 && lon === 0) return { ok: false, reason: 'position is exactly 0,0 (no fix)' };
  return {
    ok: true,
    position: { lat, lon, alt: alt !== null && Number.isFinite(alt) ? alt : null },
  };
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const frac = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(value.trim());
    if (frac) return Number(frac[1]) / Number(frac[2]);
    return Number(value);
  }
  return NaN;
}

/**
 * EXIF GPSLatitude/GPSLongitude as exifr returns them without reviving: an array
 * [deg, min, sec] (a 0/0 rational comes back as NaN/null) or, rarely, one number.
 * Returns NaN when any part is missing so the caller's validation rejects it.
 */
export function dmsToDecimal(value: unknown, ref: unknown): number {
  let decimal: number;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const parts = Array.from(value as ArrayLike<unknown>, toNumber);
    if (parts.length === 0 || parts.some((p) => !Number.isFinite(p))) return NaN;
    decimal = (parts[0] ?? 0) + (parts[1] ?? 0) / 60 + (parts[2] ?? 0) / 3600;
  } else {
    decimal = toNumber(value);
  }
  const r = typeof ref === 'string' ? ref.trim().toUpperCase() : '';
  return r === 'S' || r === 'W' ? -Math.abs(decimal) : decimal;
}

/**
 * True when an EXIF GPSLatitude/GPSLongitude tag is there but says nothing: missing, an empty
 * string or array, or only 0/0 rationals (exifr gives null/NaN for those). Cameras without a
 * fix write such a block; it is no position, not a wrong one.
 */
export function isEmptyCoordinate(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.replace(/\0/g, '').trim() === '';
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return Array.from(value as ArrayLike<unknown>, toNumber).every((p) => !Number.isFinite(p));
  }
  return !Number.isFinite(toNumber(value));
}

/** EXIF altitude with its ref (1 = below sea level). Null when absent or not a number. */
export function exifAltitude(value: unknown, ref: unknown): number | null {
  const alt = toNumber(value);
  if (!Number.isFinite(alt)) return null;
  // The ref is a BYTE; exifr hands it over as a number, a Uint8Array or an index-keyed object.
  const refByte =
    typeof ref === 'number'
      ? ref
      : ref !== null && typeof ref === 'object'
        ? Number((ref as Record<number, unknown>)[0])
        : 0;
  // `0 - 0` would be -0, which prints as "-0" and fails strict equality checks in tests.
  return refByte === 1 && alt !== 0 ? -alt : alt;
}

/**
 * XMP exif:GPSLatitude/GPSLongitude: "DDD,MM.mmmmk" or "DDD,MM,SSk" with k one of NSEW
 * (XMP spec part 2, GPSCoordinate), or a plain signed decimal that some writers use.
 */
export function parseXmpCoordinate(value: string): number {
  const s = value.trim();
  const m = /^(\d{1,3}),(\d{1,2}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?))?\s*([NSEW])$/i.exec(s);
  if (m) {
    const decimal = Number(m[1]) + Number(m[2]) / 60 + Number(m[3] ?? '0') / 3600;
    return /[SW]/i.test(m[4] ?? '') ? -decimal : decimal;
  }
  return /^[+-]?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

function xmpValue(xmp: string, name: string): string | undefined {
  // Attribute form (exif:GPSLatitude="...") and element form (<exif:GPSLatitude>...</...>).
  const attr = new RegExp(`exif:${name}\\s*=\\s*["']([^"']*)["']`).exec(xmp);
  if (attr) return attr[1];
  const el = new RegExp(`<exif:${name}>([^<]*)</exif:${name}>`).exec(xmp);
  return el?.[1];
}

/** Position from an XMP packet, or null when it has no GPS coordinates. */
export function xmpPosition(xmp: string): { lat: number; lon: number; alt: number | null } | null {
  const lat = xmpValue(xmp, 'GPSLatitude');
  const lon = xmpValue(xmp, 'GPSLongitude');
  if (lat === undefined || lon === undefined) return null;
  const altText = xmpValue(xmp, 'GPSAltitude');
  const altRef = xmpValue(xmp, 'GPSAltitudeRef');
  const alt = altText === undefined ? null : exifAltitude(altText, Number(altRef ?? '0'));
  return { lat: parseXmpCoordinate(lat), lon: parseXmpCoordinate(lon), alt };
}

function iso6709Component(text: string, degreeDigits: number): number {
  // ±DD.D, ±DDMM.M or ±DDDMMSS.S: the length of the integer part tells which.
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.slice(1);
  const [intPart = '', fracPart] = body.split('.');
  const frac = fracPart ? Number(`0.${fracPart}`) : 0;
  const n = intPart.length;
  if (n === degreeDigits) return sign * (Number(intPart) + frac);
  if (n === degreeDigits + 2) {
    return (
      sign *
      (Number(intPart.slice(0, degreeDigits)) + (Number(intPart.slice(degreeDigits)) + frac) / 60)
    );
  }
  if (n === degreeDigits + 4) {
    const d = Number(intPart.slice(0, degreeDigits));
    const mi = Number(intPart.slice(degreeDigits, degreeDigits + 2));
    const se = Number(intPart.slice(degreeDigits + 2)) + frac;
    return sign * (d + mi / 60 + se / 3600);
  }
  return NaN;
}

/**
 * ISO 6709 point as QuickTime writes it: "+51.4169-000.0806/", "+32.0929+034.8620+028.516/",
 * optionally with a "CRS..." suffix. Null when the string is not one.
 */
export function parseIso6709(value: string): GpsPosition | null {
  const m =
    /^\s*([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS[^/]*)?\/?\s*$/.exec(
      value,
    );
  if (!m || !m[1] || !m[2]) return null;
  const latInt = m[1].slice(1).split('.')[0]?.length ?? 0;
  const lonInt = m[2].slice(1).split('.')[0]?.length ?? 0;
  // Latitude degrees have 2 integer digits, longitude 3; ±MM/±MMSS forms add 2/4.
  if (![2, 4, 6].includes(latInt) || ![3, 5, 7].includes(lonInt)) return null;
  const lat = iso6709Component(m[1], 2);
  const lon = iso6709Component(m[2], 3);
  const alt = m[3] !== undefined ? Number(m[3]) : null;
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  return { lat, lon, alt };
}
