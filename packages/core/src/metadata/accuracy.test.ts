// Accuracy against the reference reader: every fixture photo is read with readMetadata (the
// way ingest calls it, HEIC/AVIF with sharp's EXIF block) and compared with exiftool's
// reading in fixtures/photos/exiftool.json. Each disagreement is either a bug or listed in
// KNOWN_DIFFERENCES with the reason; stale entries fail the test too.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { MediaFormat } from '../media/format.js';
import { readMetadata } from './read-metadata.js';
import type { PhotoMetadata } from './types.js';

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

/** What ingest does: HEIF goes through sharp, whose EXIF block readMetadata then parses. */
async function readLikeIngest(file: string): Promise<PhotoMetadata> {
  const full = path.join(photos, file);
  // The extension, not the bytes: photoprism__wrong.heic (a JPEG) checks that the module
  // copes when the caller's format is wrong.
  const format = FORMAT_BY_EXT[path.extname(file).slice(1).toLowerCase()] ?? 'jpeg';
  const mtimeMs = statSync(full).mtimeMs;
  if (format === 'mov' || format === 'mp4')
    return readMetadata({ path: full, format, mtimeMs }, { homeZone: 'Europe/Berlin' });
  const bytes = readFileSync(full);
  let exif: Buffer | undefined;
  if (format === 'heic' || format === 'avif') {
    exif = await sharp(bytes)
      .metadata()
      .then((m) => m.exif)
      .catch(() => undefined);
  }
  return readMetadata(
    { path: full, format, mtimeMs, bytes, ...(exif ? { exif } : {}) },
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

/** Field-by-field disagreements between readMetadata and exiftool for one file. */
const checked = { times: 0, offsets: 0, positions: 0, sizes: 0 };

function compare(ref: ExiftoolRecord, m: PhotoMetadata): Record<string, string> {
  const diffs: Record<string, string> = {};
  const report = (field: string, ours: unknown, theirs: unknown): void => {
    diffs[field] = `ours=${JSON.stringify(ours)} exiftool=${JSON.stringify(theirs)}`;
  };

  // Capture time, to the second, with the offset when exiftool has one.
  const original = isoWall(ref['EXIF:DateTimeOriginal']) ?? isoWall(ref['EXIF:CreateDate']);
  const qtLocal = str(ref['QuickTime:CreationDate']);
  const qtUtc = isoWall(ref['QuickTime:CreateDate']);
  if (original) {
    checked.times++;
    if (m.takenAt?.slice(0, 19) !== original) report('takenAt', m.takenAt, original);
    const offset = str(ref['EXIF:OffsetTimeOriginal']);
    if (offset) checked.offsets++;
    if (offset && !m.takenAt?.endsWith(offset)) report('offset', m.takenAt, offset);
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
    expect(checked).toEqual({ times: 42, offsets: 6, positions: 25, sizes: 59 });
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
