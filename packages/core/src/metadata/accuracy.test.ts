// Accuracy against the reference reader: every fixture photo is read with readMetadata (the
// way ingest calls it, HEIC/AVIF with sharp's EXIF and XMP blocks) and compared with
// exiftool's reading in fixtures/photos/exiftool.json. Each disagreement is either a bug or
// listed in KNOWN_DIFFERENCES with the reason; stale entries fail the test too. A second test
// compares every XMP/IPTC date the module parses with exiftool's XMP:/IPTC: values.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { MediaFormat } from '../media/format.js';
import { readExif } from './exif.reader.js';
import { sniffContainer } from './image-size.js';
import { readMetadata } from './read-metadata.js';
import type { PhotoMetadata } from './types.js';
import { iptcCaptureDate, parseXmpDate, readXmpDates } from './xmp-iptc-date.js';
import type { XmpDateTag } from './xmp-iptc-date.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const photos = path.join(path.resolve(repoRoot, '../shared/fixtures'), 'photos');

type ExiftoolRecord = Record<string, unknown> & { SourceFile: string };
const reference = JSON.parse(
  readFileSync(path.join(photos, 'exiftool.json'), 'utf8'),
) as ExiftoolRecord[];

/**
 * "file:field" -> why readMetadata and exiftool legitimately disagree. Empty today: the RAW
 * stubs, the XMP-only GPS (Nikon D5000), the empty GPS IFD (Issue 487), EXIF at the end of a
 * HEIC, the JPEG named .heic and the readable malformed files all agree with exiftool.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {};

/** The same for the XMP/IPTC date comparison ("file:tag" -> reason). */
const KNOWN_SIDECAR_DIFFERENCES: Record<string, string> = {
  // Its Photoshop 8BIM 0x0404 (IPTC) resource declares 0 bytes: exiftool reads none, exifr
  // reads the datasets that follow anyway (DateCreated 20070815, TimeCreated 101313+0100).
  'exifr__broken1.jpg:iptc': 'ours={"wall":"2007-08-15T10:13:13","offset":"+01:00"} exiftool=null',
};

const FORMAT_BY_EXT: Record<string, MediaFormat> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  heic: 'heic',
  heif: 'heic',
  avif: 'avif',
  png: 'png',
  webp: 'webp',
  cr2: 'cr2',
  dng: 'dng',
  nef: 'nef',
  mov: 'mov',
  mp4: 'mp4',
};

function formatOf(file: string): MediaFormat {
  // The extension, not the bytes: photoprism__wrong.heic (a JPEG) checks that the module
  // copes when the caller's format is wrong.
  return FORMAT_BY_EXT[path.extname(file).slice(1).toLowerCase()] ?? 'jpeg';
}

/** sharp's EXIF and XMP blocks, which ingest passes for HEIF (exifr cannot place them). */
async function sharpBlocks(
  bytes: Buffer,
  format: MediaFormat,
): Promise<{ exif?: Buffer; xmp?: Buffer }> {
  if (format !== 'heic' && format !== 'avif') return {};
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => null);
  return { ...(meta?.exif ? { exif: meta.exif } : {}), ...(meta?.xmp ? { xmp: meta.xmp } : {}) };
}

/** What ingest does: HEIF goes through sharp, whose EXIF/XMP blocks readMetadata parses. */
async function readLikeIngest(file: string): Promise<PhotoMetadata> {
  const full = path.join(photos, file);
  const format = formatOf(file);
  const mtimeMs = statSync(full).mtimeMs;
  if (format === 'mov' || format === 'mp4')
    return readMetadata({ path: full, format, mtimeMs }, { homeZone: 'Europe/Berlin' });
  const bytes = readFileSync(full);
  return readMetadata(
    { path: full, format, mtimeMs, bytes, ...(await sharpBlocks(bytes, format)) },
    { homeZone: 'Europe/Berlin' },
  );
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** "2019:05:21 10:45:52" -> "2019-05-21T10:45:52"; null when not a date. */
function isoWall(v: unknown): string | null {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(str(v) ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}

/**
 * exiftool's spelling of an XMP/IPTC date ("2020:07:23 00:00+02:00", "2012:08:08
 * 22:07:18.001", "2008:12:07 17:35:52Z") -> wall time to the second and offset ("Z" is
 * "+00:00"); null when it is not one.
 */
function exiftoolDate(v: unknown): { wall: string; offset: string | null } | null {
  const m =
    /^(\d{4}):(\d{2}):(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
      str(v) ?? '',
    );
  if (!m) return null;
  const wall = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
  return { wall, offset: m[7] === 'Z' ? '+00:00' : (m[7] ?? null) };
}

function formatWall(w: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}): string {
  const p = (n: number, l = 2): string => String(n).padStart(l, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The offset part of a takenAt ("...T10:13:13.000+01:00" -> "+01:00"). */
function offsetOf(takenAt: string | null): string | null {
  return takenAt ? takenAt.slice(23) : null;
}

// exiftool's XMP tags (family 0 group "XMP") for the properties readXmpDates reads.
const XMP_TAGS: Record<XmpDateTag, string> = {
  'exif:DateTimeOriginal': 'XMP:DateTimeOriginal',
  'photoshop:DateCreated': 'XMP:DateCreated',
  'xmp:CreateDate': 'XMP:CreateDate',
  'exif:DateTimeDigitized': 'XMP:DateTimeDigitized',
};

/** Field-by-field disagreements between readMetadata and exiftool for one file. */
const checked = { times: 0, offsets: 0, positions: 0, sizes: 0, xmpTimes: 0 };

function compare(ref: ExiftoolRecord, m: PhotoMetadata): Record<string, string> {
  const diffs: Record<string, string> = {};
  const report = (field: string, ours: unknown, theirs: unknown): void => {
    diffs[field] = `ours=${JSON.stringify(ours)} exiftool=${JSON.stringify(theirs)}`;
  };

  // Capture time, to the second, with the offset when exiftool has one. An EXIF date without
  // OffsetTime* takes the offset of an XMP date with the same wall time (XMP DateTimeOriginal
  // first); XMP, then IPTC, stand in when EXIF has no date.
  const original = isoWall(ref['EXIF:DateTimeOriginal']) ?? isoWall(ref['EXIF:CreateDate']);
  const qtLocal = str(ref['QuickTime:CreationDate']);
  const qtUtc = isoWall(ref['QuickTime:CreateDate']);
  const xmpDates = ['XMP:DateTimeOriginal', 'XMP:DateCreated', 'XMP:CreateDate'].flatMap(
    (tag) => exiftoolDate(ref[tag]) ?? [],
  );
  const iptcDate = exiftoolDate(
    `${str(ref['IPTC:DateCreated']) ?? ''} ${str(ref['IPTC:TimeCreated']) ?? '00:00:00'}`,
  );
  if (original) {
    checked.times++;
    if (m.takenAt?.slice(0, 19) !== original) report('takenAt', m.takenAt, original);
    const exifOffset =
      str(ref['EXIF:OffsetTimeOriginal']) ??
      (str(ref['EXIF:OffsetTime']) || str(ref['EXIF:OffsetTimeDigitized']) ? undefined : null);
    const offset =
      exifOffset === null
        ? ([...xmpDates, exiftoolDate(ref['XMP:DateTimeDigitized'])].find(
            (d) => d?.wall === original && d.offset,
          )?.offset ?? null)
        : exifOffset;
    if (offset) checked.offsets++;
    if (offset && offsetOf(m.takenAt) !== offset) report('offset', m.takenAt, offset);
  } else if (xmpDates[0]) {
    checked.times++;
    checked.xmpTimes++;
    const { wall, offset } = xmpDates[0];
    if (m.timeSource !== 'xmp') report('timeSource', m.timeSource, 'xmp');
    if (m.takenAt?.slice(0, 19) !== wall) report('takenAt', m.takenAt, wall);
    if (offset) checked.offsets++;
    if (offset && offsetOf(m.takenAt) !== offset) report('offset', m.takenAt, offset);
  } else if (iptcDate) {
    checked.times++;
    checked.xmpTimes++;
    if (m.timeSource !== 'iptc') report('timeSource', m.timeSource, 'iptc');
    if (m.takenAt?.slice(0, 19) !== iptcDate.wall) report('takenAt', m.takenAt, iptcDate.wall);
  } else if (qtLocal) {
    checked.times++;
    checked.offsets++;
    const expected = `${isoWall(qtLocal)}${qtLocal.slice(19)}`;
    if (`${m.takenAt?.slice(0, 19)}${m.takenAt?.slice(23)}` !== expected)
      report('takenAt', m.takenAt, qtLocal);
  } else if (qtUtc) {
    checked.times++;
    if (m.takenAtUtc?.slice(0, 19) !== qtUtc) report('takenAtUtc', m.takenAtUtc, qtUtc);
  } else if (m.timeSource !== 'file-mtime' && m.timeSource !== 'file-name') {
    report('timeSource', m.timeSource, 'no date in file');
  }

  // GPS: exiftool's composite position; XMP when only XMP has it (mei__Nikon_D5000.jpg).
  const lat = num(ref['Composite:GPSLatitude']) ?? num(ref['XMP:GPSLatitude']);
  const lon = num(ref['Composite:GPSLongitude']) ?? num(ref['XMP:GPSLongitude']);
  const close = (a: number | null, b: number | null, tol: number): boolean =>
    a === null ? b === null : b !== null && Math.abs(a - b) <= tol;
  if (lat !== null) checked.positions++;
  if (!close(m.lat, lat, 1e-5) || !close(m.lon, lon, 1e-5))
    report('gps', [m.lat, m.lon], [lat, lon]);
  const alt = num(ref['Composite:GPSAltitude']);
  if (alt !== null && !close(m.alt, alt, 1e-3)) report('alt', m.alt, alt);

  const refOrientation = num(ref['EXIF:Orientation']);
  const orientation =
    refOrientation !== null && refOrientation >= 1 && refOrientation <= 8 ? refOrientation : 1;
  if (m.orientation !== orientation) report('orientation', m.orientation, refOrientation);

  const size = str(ref['Composite:ImageSize'])?.split(/[ x]/).map(Number);
  if (size && size.length === 2) {
    checked.sizes++;
    const rotation = num(ref['Composite:Rotation']) ?? 0;
    const swap = orientation >= 5 || rotation === 90 || rotation === 270;
    const [w, h] = swap ? [size[1], size[0]] : [size[0], size[1]];
    if (m.width !== w || m.height !== h) report('size', [m.width, m.height], [w, h]);
  } else if (m.width !== null || m.height !== null) {
    report('size', [m.width, m.height], null);
  }

  const make = str(ref['EXIF:Make']) ?? str(ref['QuickTime:Make']);
  const model = str(ref['EXIF:Model']) ?? str(ref['QuickTime:Model']);
  if (m.make !== make) report('make', m.make, make);
  if (m.model !== model) report('model', m.model, model);
  return diffs;
}

describe('readMetadata vs exiftool on every fixture', () => {
  const files = reference.map((r) => r.SourceFile.replace(/^\.\//, '')).sort();

  it('covers the whole fixture set', () => {
    expect(files.length).toBe(61);
  });

  it('agrees with exiftool except for the listed differences', async () => {
    const found: Record<string, string> = {};
    for (const file of files) {
      const ref = reference.find((r) => r.SourceFile === `./${file}`);
      if (!ref) continue;
      const m = await readLikeIngest(file); // must not throw, malformed files included
      for (const [field, detail] of Object.entries(compare(ref, m)))
        found[`${path.basename(file)}:${field}`] = detail;
    }
    const unexpected = Object.fromEntries(
      Object.entries(found).filter(([k]) => !(k in KNOWN_DIFFERENCES)),
    );
    const stale = Object.keys(KNOWN_DIFFERENCES).filter((k) => !(k in found));
    expect(unexpected).toEqual({});
    expect(stale).toEqual([]);
    // Guards against a vacuous comparison (e.g. a reference field renamed).
    // offsets: 6 from EXIF OffsetTime*, 7 borrowed from XMP, 2 from XMP-only files.
    expect(checked).toEqual({ times: 44, offsets: 15, positions: 25, sizes: 59, xmpTimes: 2 });
  });

  it('parses every XMP and IPTC date of the fixtures as exiftool does', async () => {
    const diffs: Record<string, string> = {};
    const count = { xmp: 0, xmpOffsets: 0, iptc: 0 };
    for (const file of files) {
      const format = formatOf(file);
      if (format === 'mov' || format === 'mp4') continue;
      const ref = reference.find((r) => r.SourceFile === `./${file}`);
      if (!ref) continue;
      const bytes = readFileSync(path.join(photos, file));
      const data = await readExif(
        { bytes, container: sniffContainer(bytes), ...(await sharpBlocks(bytes, format)) },
        [],
      );
      const ours = data.xmp ? readXmpDates(data.xmp) : {};
      for (const [tag, exiftoolTag] of Object.entries(XMP_TAGS) as [XmpDateTag, string][]) {
        const theirs = exiftoolDate(ref[exiftoolTag]);
        const parsed = parseXmpDate(ours[tag]);
        const mine = parsed && {
          wall: `${formatWall(parsed.wall)}`,
          offset: parsed.offsetMinutes === null ? null : formatOffset(parsed.offsetMinutes),
        };
        if (theirs) count.xmp++;
        if (theirs?.offset) count.xmpOffsets++;
        if (JSON.stringify(mine) !== JSON.stringify(theirs))
          diffs[`${path.basename(file)}:${tag}`] =
            `ours=${JSON.stringify(mine)} exiftool=${JSON.stringify(theirs)}`;
      }
      const iptc = iptcCaptureDate(data.iptc, []);
      const theirDate = str(ref['IPTC:DateCreated']);
      const theirs =
        theirDate && exiftoolDate(`${theirDate} ${str(ref['IPTC:TimeCreated']) ?? '00:00:00'}`);
      if (theirs) count.iptc++;
      // +00:00 in IPTC is dropped on purpose (see parseIptcDate).
      const expected = theirs
        ? { ...theirs, offset: theirs.offset === '+00:00' ? null : theirs.offset }
        : null;
      const mine = iptc && {
        wall: formatWall(iptc.value.wall),
        offset: iptc.value.offsetMinutes === null ? null : formatOffset(iptc.value.offsetMinutes),
      };
      if (JSON.stringify(mine) !== JSON.stringify(expected))
        diffs[`${path.basename(file)}:iptc`] =
          `ours=${JSON.stringify(mine)} exiftool=${JSON.stringify(expected)}`;
    }
    expect(diffs).toEqual(KNOWN_SIDECAR_DIFFERENCES);
    expect(count).toEqual({ xmp: 35, xmpOffsets: 18, iptc: 5 });
  });

  it("reads EXIF at the end of a HEIC without the caller passing sharp's block", async () => {
    const full = path.join(photos, 'heic/mei__exif-at-eof.heic');
    const m = await readMetadata(
      { path: full, format: 'heic', mtimeMs: 0, bytes: readFileSync(full) },
      { homeZone: 'Europe/Berlin' },
    );
    expect(m.takenAt).toBe('2020-05-04T18:39:11.644-04:00');
    expect(m.takenAtUtc).toBe('2020-05-04T22:39:11.644Z');
    expect(m.lat).toBeCloseTo(47.2071240555639, 6);
    expect(m.model).toBe('iPhone 11 Pro');
  });
});
