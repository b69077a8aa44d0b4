// Capture dates from XMP and IPTC, the fallbacks for files whose EXIF lost its dates (images
// exported from editors, news-agency pictures) and the source of an offset EXIF lacks. XMP is
// read from the raw packet, as gps.ts does, because HEIC and WebP hand it over as text that
// exifr never sees; IPTC comes from exifr (JPEG APP13 only) as raw "CCYYMMDD"/"HHMMSS±HHMM".
import { parseDateString } from './exif-date.js';
import type { ParsedDate } from './exif-date.js';
import type { WallTime } from './time-zone.js';
import type { MetadataWarning } from './types.js';

/** XMP properties that can hold the capture time, in the order they are trusted. */
export const XMP_DATE_TAGS = [
  'exif:DateTimeOriginal',
  'photoshop:DateCreated',
  'xmp:CreateDate',
  'exif:DateTimeDigitized',
] as const;
export type XmpDateTag = (typeof XMP_DATE_TAGS)[number];

/** The raw values of the XMP date properties a packet has. */
export type XmpDates = Partial<Record<XmpDateTag, string>>;

const NAMESPACES: Record<string, string> = {
  exif: 'http://ns.adobe.com/exif/1.0/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
};
const PREFIX_OF_URI = new Map(Object.entries(NAMESPACES).map(([prefix, uri]) => [uri, prefix]));

// One regex pass over the packet (they reach 40 kB with Google's extended XMP) finds the local
// names; the prefix before and the value after each are then read. Attribute form
// (exif:DateTimeOriginal="...") and element form (<exif:DateTimeOriginal>...</...>).
const NAME_RE = /:(DateTimeOriginal|DateCreated|CreateDate|DateTimeDigitized)\b/g;
const PREFIX_RE = /[A-Za-z_][\w.-]*$/;
const ATTR_RE = /^\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const ELEMENT_RE = /^(?:\s[^>]*)?>([^<]*)</;
const XMLNS_RE = /xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g;

/** Prefix -> the usual prefix of its namespace, for packets that bind unusual prefixes. */
function declaredPrefixes(xmp: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xmp.matchAll(XMLNS_RE)) {
    const usual = PREFIX_OF_URI.get(m[2] ?? '');
    if (usual && m[1]) out.set(m[1], usual);
  }
  return out;
}

/** The date properties of an XMP packet, as written (namespace prefixes resolved). */
export function readXmpDates(xmp: string): XmpDates {
  const out: XmpDates = {};
  // prefix -> the usual prefix of the namespace it is bound to (undefined: another namespace)
  const resolved = new Map<string, string | undefined>();
  let declared: Map<string, string> | null = null;
  const resolve = (prefix: string): string | undefined => {
    if (resolved.has(prefix)) return resolved.get(prefix);
    // Fast path: the usual prefix bound to its usual namespace (what every writer does).
    const uri = NAMESPACES[prefix];
    let usual: string | undefined;
    if (uri && (xmp.includes(`:${prefix}="${uri}"`) || xmp.includes(`:${prefix}='${uri}'`))) {
      usual = prefix;
    } else {
      declared ??= declaredPrefixes(xmp);
      usual = declared.get(prefix) ?? (declared.size === 0 ? prefix : undefined);
    }
    resolved.set(prefix, usual);
    return usual;
  };
  for (const m of xmp.matchAll(NAME_RE)) {
    const at = m.index;
    const before = xmp.slice(Math.max(0, at - 40), at);
    const prefix = PREFIX_RE.exec(before)?.[0];
    const charBefore = before[before.length - (prefix?.length ?? 0) - 1] ?? ' ';
    if (!prefix || charBefore === '/' || /[\w.:-]/.test(charBefore)) continue;
    const tag = `${resolve(prefix) ?? ''}:${m[1] ?? ''}`;
    if (!(XMP_DATE_TAGS as readonly string[]).includes(tag) || out[tag as XmpDateTag]) continue;
    const rest = xmp.slice(at + m[0].length, at + m[0].length + 200);
    let value: string | undefined;
    if (charBefore === '<') value = ELEMENT_RE.exec(rest)?.[1];
    else {
      const attr = ATTR_RE.exec(rest);
      value = attr ? (attr[1] ?? attr[2]) : undefined;
    }
    value = value?.trim();
    if (value) out[tag as XmpDateTag] = value;
  }
  return out;
}

/** A date that is a day rather than a moment: no time written, or midnight exactly. */
function isMidnight(w: WallTime): boolean {
  return w.hour === 0 && w.minute === 0 && w.second === 0 && w.millisecond === 0;
}

/** A parsed XMP/IPTC date with the flags the capture-time rules need. */
export interface DatedValue extends ParsedDate {
  /** No time of day: the value had none, or exactly 00:00 (what date-only writers put). */
  dateOnly: boolean;
}

/**
 * XMP date (ISO 8601 subset, XMP part 1 §8.2.1.4): "2010-04-13T09:37:22+02:00",
 * "2020-07-23T00:00+02:00", "2012-08-08T22:07:18.001", "2020-06-16". Year-only and
 * year-month values are too coarse to place a photo and give null, like garbage does.
 */
export function parseXmpDate(value: unknown): DatedValue | null {
  if (typeof value !== 'string' || !/^\s*\d{4}[-:]\d{2}[-:]\d{2}/.test(value)) return null;
  const parsed = parseDateString(value);
  return parsed ? { ...parsed, dateOnly: isMidnight(parsed.wall) } : null;
}

/**
 * IPTC IIM DateCreated (2:55, "CCYYMMDD") + TimeCreated (2:60, "HHMMSS±HHMM"); the colon
 * spellings exiftool writes are accepted too. A missing or 000000 time makes it date-only.
 * A +0000 offset is dropped: tools that do not know the zone write it (3 of the 4 fixtures
 * with one were taken elsewhere), so it says nothing.
 */
export function parseIptcDate(date: unknown, time: unknown): DatedValue | null {
  if (typeof date !== 'string') return null;
  const d = /^\s*(\d{4})[:-]?(\d{2})[:-]?(\d{2})\s*$/.exec(date.replace(/\0/g, ''));
  if (!d) return null;
  const t =
    typeof time === 'string'
      ? /^\s*(\d{2}):?(\d{2}):?(\d{2})?\s*([+-]\d{2}:?\d{2})?\s*$/.exec(time.replace(/\0/g, ''))
      : null;
  const iso = `${d[1]}-${d[2]}-${d[3]}T${t?.[1] ?? '00'}:${t?.[2] ?? '00'}:${t?.[3] ?? '00'}`;
  const offset = t?.[4] && !/^[+-]00:?00$/.test(t[4]) ? t[4] : '';
  const parsed = parseDateString(iso + offset);
  return parsed ? { ...parsed, dateOnly: !t || isMidnight(parsed.wall) } : null;
}

/** One XMP/IPTC value that can become a capture time. */
export interface SidecarDate {
  source: 'xmp' | 'iptc';
  /** "XMP photoshop:DateCreated", "IPTC DateCreated" — for warnings. */
  label: string;
  value: DatedValue;
}

/** XMP capture dates in priority order; unparseable ones become DATE_INVALID warnings. */
export function xmpCaptureDates(dates: XmpDates, warnings: MetadataWarning[]): SidecarDate[] {
  const out: SidecarDate[] = [];
  // exif:DateTimeDigitized only serves to complete EXIF CreateDate's offset; the MWG maps
  // xmp:CreateDate to the same moment and it is the one writers fill in.
  for (const tag of ['exif:DateTimeOriginal', 'photoshop:DateCreated', 'xmp:CreateDate'] as const) {
    const raw = dates[tag];
    if (raw === undefined) continue;
    const value = parseXmpDate(raw);
    if (value) out.push({ source: 'xmp', label: `XMP ${tag}`, value });
    else
      warnings.push({ code: 'DATE_INVALID', message: `XMP ${tag} "${raw}" is not a valid date` });
  }
  return out;
}

/** IPTC DateCreated + TimeCreated, when present. */
export function iptcCaptureDate(
  iptc: Record<string, unknown>,
  warnings: MetadataWarning[],
): SidecarDate | null {
  // A repeated dataset comes back from exifr as an array; the first one counts.
  const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
  const date = first(iptc.DateCreated);
  const timeCreated = first(iptc.TimeCreated);
  if (date === undefined || date === null || date === '') return null;
  const value = parseIptcDate(date, timeCreated);
  if (value) return { source: 'iptc', label: 'IPTC DateCreated', value };
  const time = typeof timeCreated === 'string' ? ` ${timeCreated}` : '';
  warnings.push({
    code: 'DATE_INVALID',
    message: `IPTC DateCreated "${String(date)}${time}" is not a valid date`,
  });
  return null;
}
