// Gets the EXIF (TIFF) block, the XMP packet and (JPEG only) the IPTC record out of a still
// image and parses only the tags Encore uses. exifr does the TIFF parsing; this file decides
// which bytes it sees, because exifr misplaces EXIF in libheif-written HEIC/AVIF (iloc base
// offset) and cannot read WebP.
import exifr from 'exifr';
import type { Exifr } from 'exifr';
import type { Container } from './image-size.js';
import { readWebpChunks, tiffFromExifBlock } from './webp.reader.js';
import type { MetadataWarning } from './types.js';

/** Tag maps as exifr returns them with reviveValues off: strings, numbers, arrays. */
export type TagMap = Record<string, unknown>;

export interface ExifData {
  ifd0: TagMap;
  exif: TagMap;
  gps: TagMap;
  /** IPTC IIM datasets by exifr's names (DateCreated "CCYYMMDD", TimeCreated "HHMMSS±HHMM"). */
  iptc: TagMap;
  /** The raw XMP packet (text), when the file has one. */
  xmp: string | null;
  /** Blocks exifr gave up on ("GPS", "IPTC", ...): their tags above may be missing. */
  brokenBlocks: string[];
}

const EMPTY: ExifData = { ifd0: {}, exif: {}, gps: {}, iptc: {}, xmp: null, brokenBlocks: [] };

// Only the tags Encore stores: exifr then skips everything else (maker notes, thumbnails,
// ICC), which is most of its per-file cost. reviveValues stays off, otherwise exifr turns
// DateTimeOriginal into a Date in the machine's zone and the wall time is lost. XMP stays a
// raw string (parse: false): exifr's parsed XMP would land on the same `exif`/`ifd0` keys as
// the IFDs with mergeOutput off, and HEIC/WebP XMP reaches us as text anyway.
const EXIFR_OPTIONS = {
  reviveValues: false,
  translateValues: false,
  mergeOutput: false,
  xmp: { parse: false },
  ifd0: { pick: ['Make', 'Model', 'Orientation'] },
  exif: {
    pick: [
      'DateTimeOriginal',
      'SubSecTimeOriginal',
      'OffsetTimeOriginal',
      'CreateDate',
      'SubSecTimeDigitized',
      'OffsetTimeDigitized',
      'OffsetTime',
      'ExifImageWidth',
      'ExifImageHeight',
    ],
  },
  gps: {
    pick: [
      'GPSLatitude',
      'GPSLatitudeRef',
      'GPSLongitude',
      'GPSLongitudeRef',
      'GPSAltitude',
      'GPSAltitudeRef',
      'GPSDateStamp',
      'GPSTimeStamp',
    ],
  },
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  iptc: false,
  icc: false,
  jfif: false,
  ihdr: false,
};

// IPTC only for JPEG, where it is the APP13 segment. In TIFF-based files it sits in IFD0 tag
// 33723, and exifr 7 aborts the whole TIFF parse when that tag is typed LONG (Nikon NEF does
// this): EXIF would be lost for IPTC. exifr ignores `pick` for IPTC; the record is small.
const EXIFR_OPTIONS_IPTC = { ...EXIFR_OPTIONS, iptc: true };

function asTagMap(value: unknown): TagMap {
  return value !== null && typeof value === 'object' ? (value as TagMap) : {};
}

function xmpText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return null;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

/** exifr's own messages are terse; this keeps them on one line and of sane length. */
function shortError(err: unknown): string {
  const text = errorText(err).replace(/\s+/g, ' ').trim() || 'unknown error';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

// exifr.parse() is `new Exifr(options)` + read + parse; the instance is used directly because
// with silentErrors (the default) a corrupt TIFF block (exifr__broken1.jpg: a GPS tag of
// type 0) only lands in the segment parser's `errors`, which exifr.parse() drops. The typings
// declare the default export's Exifr as an instance, hence the cast.
const ExifrReader = (exifr as unknown as { Exifr: typeof Exifr }).Exifr;
interface ExifrInternals {
  parsers?: Record<string, { errors?: unknown } | undefined>;
}

/** A problem exifr met, with the block it was in when that is known ("GPS", "IPTC"). */
interface ExifrProblem {
  block: string | null;
  message: string;
}

async function exifrParse(
  source: Buffer,
  withIptc: boolean,
): Promise<{ data: ExifData; problems: ExifrProblem[] }> {
  const reader = new ExifrReader(withIptc ? EXIFR_OPTIONS_IPTC : EXIFR_OPTIONS);
  await reader.read(source);
  // exifr's typings declare the result as any; it is a plain object of segments.
  const out: unknown = await reader.parse();
  const o = asTagMap(out);
  const parsers = (reader as unknown as ExifrInternals).parsers ?? {};
  // A segment parser that threw (a corrupt IPTC record) leaves its output key unset and its
  // error in the top-level list; the TIFF parser keeps its own list and names the IFD.
  const failed = Object.keys(parsers)
    .filter((k) => k !== 'tiff' && o[k] === undefined)
    .map((k) => k.toUpperCase());
  const problems: ExifrProblem[] = [];
  const seen = new Set<string>();
  const add = (err: unknown, block: string | null): void => {
    const message = shortError(err);
    if (seen.has(message)) return;
    seen.add(message);
    // "Invalid TIFF value type. block: GPS, tag: 1, type: 0, offset 78"
    const named = /\bblock: (\w+)/i.exec(message)?.[1]?.toUpperCase();
    problems.push({ block: named ?? block, message });
  };
  if (Array.isArray(o.errors)) {
    for (const e of o.errors as unknown[]) add(e, failed.length > 0 ? failed.join('/') : null);
  }
  for (const [key, parser] of Object.entries(parsers)) {
    if (!Array.isArray(parser?.errors)) continue;
    for (const e of parser.errors as unknown[]) add(e, key === 'tiff' ? 'EXIF' : key.toUpperCase());
  }
  const data = {
    ifd0: asTagMap(o.ifd0),
    exif: asTagMap(o.exif),
    gps: asTagMap(o.gps),
    iptc: asTagMap(o.iptc),
    xmp: xmpText(o.xmp),
    brokenBlocks: [...new Set(problems.flatMap((p) => p.block ?? []))],
  };
  return { data, problems };
}

async function runExifr(
  source: Buffer,
  label: string,
  withIptc: boolean,
  warnings: MetadataWarning[],
): Promise<ExifData> {
  try {
    // With silentErrors exifr isolates segments: a corrupt IPTC record does not cost the EXIF.
    const { data, problems } = await exifrParse(source, withIptc);
    for (const p of problems) {
      warnings.push({
        code: 'METADATA_UNREADABLE',
        message: p.block
          ? `the ${p.block} block of the ${label} is corrupt: ${p.message}`
          : `part of the ${label} metadata could not be read: ${p.message}`,
      });
    }
    return data;
  } catch (err) {
    // "Unknown file format" for files without any metadata container is not worth a warning.
    const message = shortError(err);
    if (!/Unknown file format/i.test(message)) {
      warnings.push({
        code: 'METADATA_UNREADABLE',
        message: `the metadata of the ${label} could not be read: ${message}`,
      });
    }
    return { ...EMPTY };
  }
}

interface SharpMeta {
  exif: Buffer | null;
  xmp: Buffer | null;
}

/** EXIF/XMP of a HEIF via libvips/libheif, which resolves item locations correctly. */
async function heifBlocksViaSharp(bytes: Buffer): Promise<SharpMeta> {
  try {
    // Loaded lazily: only HEIC/AVIF callers that did not pass `exif` need the codec here.
    const { default: sharp } = await import('sharp');
    const meta = await sharp(bytes).metadata();
    return { exif: meta.exif ?? null, xmp: meta.xmp ?? null };
  } catch {
    return { exif: null, xmp: null };
  }
}

export interface ExifSource {
  bytes: Buffer;
  container: Container | null;
  /** Raw EXIF from the caller (sharp's `metadata().exif`), used for HEIF. */
  exif?: Buffer;
  xmp?: Buffer;
}

/** EXIF + XMP of a still image. Never throws; problems become warnings. */
export async function readExif(src: ExifSource, warnings: MetadataWarning[]): Promise<ExifData> {
  const callerXmp = src.xmp ? src.xmp.toString('utf8') : null;
  if (src.container === 'webp') {
    const chunks = readWebpChunks(src.bytes);
    const data = chunks.exif ? await runExifr(chunks.exif, 'WebP', false, warnings) : { ...EMPTY };
    return { ...data, xmp: chunks.xmp ?? callerXmp };
  }
  if (src.container === 'heif') {
    let tiff = src.exif ? tiffFromExifBlock(src.exif) : null;
    let xmp = callerXmp;
    if (!tiff) {
      const viaSharp = await heifBlocksViaSharp(src.bytes);
      tiff = viaSharp.exif ? tiffFromExifBlock(viaSharp.exif) : null;
      xmp ??= viaSharp.xmp ? viaSharp.xmp.toString('utf8') : null;
    }
    // Last resort (libheif could not open the file): exifr's own HEIF walk.
    const data = await runExifr(tiff ?? src.bytes, 'HEIF', false, warnings);
    return { ...data, xmp: data.xmp ?? xmp };
  }
  const data = await runExifr(
    src.bytes,
    src.container === 'jpeg' ? 'JPEG' : (src.container?.toUpperCase() ?? 'file'),
    src.container === 'jpeg',
    warnings,
  );
  return { ...data, xmp: data.xmp ?? callerXmp };
}
