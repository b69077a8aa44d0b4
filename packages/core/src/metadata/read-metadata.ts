// readMetadata: one call per file during ingest. Picks the reader for the kind of file,
// then applies the same rules to every kind: best capture time, validated GPS, displayed
// size, city. It never throws for bad metadata — a broken field is null plus a warning
// (codes in types.ts, MetadataWarningCode).
import { readFile } from 'node:fs/promises';
import { mediaKind } from '../media/format.js';
import type { MediaFormat } from '../media/format.js';
import {
  exifTimeCandidates,
  NO_TIME,
  resolveCaptureTime,
  sidecarCandidates,
} from './capture-time.js';
import type { CaptureTime, TimeCandidate } from './capture-time.js';
import { parseDateString } from './exif-date.js';
import { readExif } from './exif.reader.js';
import type { ExifData } from './exif.reader.js';
import { dateFromFileName } from './file-name-date.js';
import { reverseGeocode } from './geocoder.js';
import {
  dmsToDecimal,
  exifAltitude,
  isEmptyCoordinate,
  parseIso6709,
  validatePosition,
  xmpPosition,
} from './gps.js';
import type { GpsPosition } from './gps.js';
import { imageSize, sniffContainer } from './image-size.js';
import type { Container, PixelSize } from './image-size.js';
import { readQuickTime } from './quicktime.reader.js';
import type { VideoMetadata } from './quicktime.reader.js';
import type {
  City,
  MetadataInput,
  MetadataOptions,
  MetadataWarning,
  PhotoMetadata,
} from './types.js';
import { iptcCaptureDate, readXmpDates, xmpCaptureDates } from './xmp-iptc-date.js';

const FORMAT_CONTAINER: Partial<Record<MediaFormat, Container>> = {
  jpeg: 'jpeg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
  heic: 'heif',
  avif: 'heif',
  tiff: 'tiff',
};

function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.replace(/\0/g, '').trim();
  return s === '' ? null : s;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * EXIF GPS first; XMP when EXIF has none or an unusable one (0/0 rationals, empty IFD). A GPS
 * IFD with only GPSVersionID (many cameras without a receiver write one) is no GPS block.
 */
function imagePosition(data: ExifData, warnings: MetadataWarning[]): GpsPosition | null {
  const { gps } = data;
  // A GPS IFD exifr could not parse counts as present: its coordinates may be what broke.
  const hasExifGps =
    gps.GPSLatitude !== undefined ||
    gps.GPSLongitude !== undefined ||
    data.brokenBlocks.includes('GPS');
  if (hasExifGps) {
    const lat = dmsToDecimal(gps.GPSLatitude, gps.GPSLatitudeRef);
    const lon = dmsToDecimal(gps.GPSLongitude, gps.GPSLongitudeRef);
    const check = validatePosition(lat, lon, exifAltitude(gps.GPSAltitude, gps.GPSAltitudeRef));
    if (check.ok) return check.position;
    const fromXmp = data.xmp ? xmpPosition(data.xmp) : null;
    if (!fromXmp) {
      if (isEmptyCoordinate(gps.GPSLatitude) && isEmptyCoordinate(gps.GPSLongitude)) {
        warnings.push({
          code: 'GPS_EMPTY',
          message: data.brokenBlocks.includes('GPS')
            ? 'the EXIF GPS block has no usable coordinates (the block is corrupt)'
            : 'the EXIF GPS block has no coordinates (GPSLatitude/GPSLongitude are empty)',
        });
      } else {
        warnings.push({ code: 'GPS_INVALID', message: `EXIF GPS ignored: ${check.reason}` });
      }
      return null;
    }
  }
  const fromXmp = data.xmp ? xmpPosition(data.xmp) : null;
  if (!fromXmp) return null;
  // XMP usually lacks altitude; the EXIF altitude is still good when only lat/lon broke.
  const alt = fromXmp.alt ?? exifAltitude(gps.GPSAltitude, gps.GPSAltitudeRef);
  const check = validatePosition(fromXmp.lat, fromXmp.lon, alt);
  if (check.ok) return check.position;
  warnings.push({ code: 'GPS_INVALID', message: `XMP GPS ignored: ${check.reason}` });
  return null;
}

function orientationOf(value: unknown, warnings: MetadataWarning[]): number {
  if (value === undefined || value === null) return 1;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 8) return n;
  warnings.push({
    code: 'ORIENTATION_INVALID',
    message: `EXIF Orientation ${String(value)} is not 1..8; using 1`,
  });
  return 1;
}

function positiveInt(value: unknown): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Stored size -> displayed size: orientations 5..8 (and 90/270° video) swap the axes. */
function displayed(
  size: PixelSize | null,
  swap: boolean,
): { width: number | null; height: number | null } {
  if (!size) return { width: null, height: null };
  return swap
    ? { width: size.height, height: size.width }
    : { width: size.width, height: size.height };
}

interface Extracted {
  candidates: TimeCandidate[];
  position: GpsPosition | null;
  orientation: number;
  width: number | null;
  height: number | null;
  make: string | null;
  model: string | null;
}

const EMPTY_EXTRACT: Extracted = {
  candidates: [],
  position: null,
  orientation: 1,
  width: null,
  height: null,
  make: null,
  model: null,
};

async function extractImage(input: MetadataInput, warnings: MetadataWarning[]): Promise<Extracted> {
  let bytes = input.bytes;
  if (!bytes) {
    try {
      // Still images are small enough to read whole; exifr and the header readers then work
      // from memory instead of issuing many small reads.
      bytes = await readFile(input.path);
    } catch (err) {
      warnings.push({
        code: 'FILE_UNREADABLE',
        message: `could not read ${input.path}: ${message(err)}`,
      });
      return { ...EMPTY_EXTRACT };
    }
  }
  const sniffed = sniffContainer(bytes);
  const container = sniffed ?? FORMAT_CONTAINER[input.format] ?? null;
  const data = await readExif(
    {
      bytes,
      container,
      ...(input.exif ? { exif: input.exif } : {}),
      ...(input.xmp ? { xmp: input.xmp } : {}),
    },
    warnings,
  );
  const orientation = orientationOf(data.ifd0.Orientation, warnings);
  let size = imageSize(bytes, container);
  const raw = mediaKind(input.format) === 'raw';
  if (!size || raw) {
    // EXIF pixel dimensions describe the full image; for RAW they beat a preview IFD, and
    // otherwise they are better than nothing when the header could not be read.
    const w = positiveInt(data.exif.ExifImageWidth);
    const h = positiveInt(data.exif.ExifImageHeight);
    if (w && h && (!size || w * h > size.width * size.height)) size = { width: w, height: h };
  }
  if (size && !raw) checkDeclaredSize(size, declaredSize(data.exif, data.xmp), warnings);
  const xmpDates = data.xmp ? readXmpDates(data.xmp) : {};
  // EXIF (with an XMP offset when EXIF has none) and GPS time; XMP and IPTC dates only when
  // those gave nothing, so a broken fallback nobody needs is not reported either.
  const candidates = exifTimeCandidates(data.exif, data.gps, warnings, xmpDates);
  if (candidates.length === 0) {
    const iptcDate = iptcCaptureDate(data.iptc, warnings);
    const sidecar = [...xmpCaptureDates(xmpDates, warnings), ...(iptcDate ? [iptcDate] : [])];
    candidates.push(...sidecarCandidates(sidecar));
  }
  return {
    candidates,
    position: imagePosition(data, warnings),
    orientation,
    ...displayed(size, orientation >= 5),
    make: cleanText(data.ifd0.Make),
    model: cleanText(data.ifd0.Model),
  };
}

/** The pixel size EXIF or XMP says the image has (editors often leave it from the original). */
function declaredSize(
  exif: Record<string, unknown>,
  xmp: string | undefined | null,
): { width: number; height: number } | null {
  const w = positiveInt(exif.ExifImageWidth);
  const h = positiveInt(exif.ExifImageHeight);
  if (w && h) return { width: w, height: h };
  if (!xmp) return null;
  const tag = (name: string): number | null => {
    const m = new RegExp(`exif:${name}(?:="|>)(\\d+)`).exec(xmp);
    return m ? positiveInt(Number(m[1])) : null;
  };
  const xw = tag('PixelXDimension');
  const xh = tag('PixelYDimension');
  return xw && xh ? { width: xw, height: xh } : null;
}

function checkDeclaredSize(
  actual: { width: number; height: number },
  declared: { width: number; height: number } | null,
  warnings: MetadataWarning[],
): void {
  if (!declared) return;
  const same =
    (declared.width === actual.width && declared.height === actual.height) ||
    (declared.width === actual.height && declared.height === actual.width);
  if (same) return;
  // A different aspect ratio means another picture, not just a resize of this one.
  const ratio = (s: { width: number; height: number }): number =>
    Math.max(s.width, s.height) / Math.min(s.width, s.height);
  if (Math.abs(ratio(declared) - ratio(actual)) < 0.02) return;
  warnings.push({
    code: 'DIMENSIONS_MISMATCH',
    message: `the metadata describes a ${declared.width}×${declared.height} image but the picture is ${actual.width}×${actual.height}: it was copied from another image (cropped or edited), so its date and place may not be this picture's`,
  });
}

function videoCandidates(v: VideoMetadata): TimeCandidate[] {
  const out: TimeCandidate[] = [];
  // Apple's creationdate carries the local offset; mvhd is UTC only.
  const local = v.creationDate ? parseDateString(v.creationDate) : null;
  if (local)
    out.push({
      kind: 'wall',
      source: 'video',
      wall: local.wall,
      offsetMinutes: local.offsetMinutes,
    });
  if (v.createdUtcMs !== null)
    out.push({ kind: 'instant', source: 'video', utcMs: v.createdUtcMs });
  return out;
}

async function extractVideo(input: MetadataInput, warnings: MetadataWarning[]): Promise<Extracted> {
  let v: VideoMetadata;
  try {
    v = await readQuickTime(input.path);
  } catch (err) {
    warnings.push({
      code: 'VIDEO_UNREADABLE',
      message: `could not read video atoms of ${input.path}: ${message(err)}`,
    });
    return { ...EMPTY_EXTRACT };
  }
  let position: GpsPosition | null = null;
  if (v.location) {
    const parsed = parseIso6709(v.location);
    const check = parsed ? validatePosition(parsed.lat, parsed.lon, parsed.alt) : null;
    if (check?.ok) position = check.position;
    else
      warnings.push({
        code: 'GPS_INVALID',
        message: `video location "${v.location}" ignored: ${check ? check.reason : 'not ISO 6709'}`,
      });
  }
  const size = v.width && v.height ? { width: v.width, height: v.height } : null;
  return {
    candidates: videoCandidates(v),
    position,
    orientation: 1,
    ...displayed(size, v.rotation === 90 || v.rotation === 270),
    make: cleanText(v.make),
    model: cleanText(v.model),
  };
}

function fallbackCandidates(input: MetadataInput): TimeCandidate[] {
  const out: TimeCandidate[] = [];
  const fromName = dateFromFileName(input.path);
  if (fromName)
    out.push({
      kind: 'wall',
      source: 'file-name',
      wall: fromName.wall,
      offsetMinutes: null,
      ...(fromName.dateOnly ? { dateOnly: true } : {}),
      label: 'the file name',
    });
  if (Number.isFinite(input.mtimeMs))
    out.push({ kind: 'instant', source: 'file-mtime', utcMs: Math.floor(input.mtimeMs) });
  return out;
}

/** What the user should know about the chosen time: only a day, or only the mtime. */
function chosenTimeWarning(chosen: TimeCandidate): MetadataWarning | null {
  if (chosen.source === 'file-mtime') {
    return {
      code: 'NO_CAPTURE_TIME',
      message: "no capture date in the file's metadata or name; using the file's modification time",
    };
  }
  if (chosen.kind !== 'wall' || !chosen.dateOnly) return null;
  const { wall } = chosen;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
  const time = `${pad(wall.hour)}:${pad(wall.minute)}`;
  return {
    code: 'DATE_ONLY',
    message: `${chosen.label ?? chosen.source} holds only a date (${day}); the time was set to ${time}`,
  };
}

function cityAt(position: GpsPosition | null, warnings: MetadataWarning[]): City | null {
  if (!position) return null;
  try {
    return reverseGeocode(position.lat, position.lon);
  } catch (err) {
    warnings.push({
      code: 'GEOCODER_UNAVAILABLE',
      message: `reverse geocoding failed: ${message(err)}`,
    });
    return null;
  }
}

/** Reads capture time, place, orientation, size and camera of one photo or video. */
export async function readMetadata(
  input: MetadataInput,
  opts: MetadataOptions,
): Promise<PhotoMetadata> {
  const warnings: MetadataWarning[] = [];
  let extracted: Extracted;
  try {
    extracted =
      mediaKind(input.format) === 'video'
        ? await extractVideo(input, warnings)
        : await extractImage(input, warnings);
  } catch (err) {
    // Readers are written not to throw; this is the backstop that keeps ingest going.
    warnings.push({
      code: 'METADATA_UNREADABLE',
      message: `metadata of ${input.path} could not be read: ${message(err)}`,
    });
    extracted = { ...EMPTY_EXTRACT };
  }
  const candidates = [...extracted.candidates, ...fallbackCandidates(input)];
  const chosen = candidates[0];
  let time: CaptureTime = NO_TIME;
  if (!chosen) {
    warnings.push({
      code: 'NO_CAPTURE_TIME',
      message: "no capture date in the file's metadata or name, and no modification time",
    });
  } else {
    const warning = chosenTimeWarning(chosen);
    if (warning) warnings.push(warning);
    time = resolveCaptureTime(
      chosen,
      { position: extracted.position, homeZone: opts.homeZone },
      warnings,
    );
  }
  const { position } = extracted;
  return {
    ...time,
    lat: position?.lat ?? null,
    lon: position?.lon ?? null,
    alt: position?.alt ?? null,
    orientation: extracted.orientation,
    width: extracted.width,
    height: extracted.height,
    make: extracted.make,
    model: extracted.model,
    city: cityAt(position, warnings),
    warnings,
  };
}
