// Gets the EXIF (TIFF) block and XMP packet out of a still image and parses only the tags
// Encore uses. exifr does the TIFF parsing; this file decides which bytes it sees, because
// exifr misplaces EXIF in libheif-written HEIC/AVIF (iloc base offset) and cannot read WebP.
import exifr from 'exifr';
import type { Container } from './image-size.js';
import { readWebpChunks, tiffFromExifBlock } from './webp.reader.js';
import type { MetadataWarning } from './types.js';

/** Tag maps as exifr returns them with reviveValues off: strings, numbers, arrays. */
export type TagMap = Record<string, unknown>;

export interface ExifData {
  ifd0: TagMap;
  exif: TagMap;
  gps: TagMap;
  /** The raw XMP packet (text), when the file has one. */
  xmp: string | null;
}

const EMPTY: ExifData = { ifd0: {}, exif: {}, gps: {}, xmp: null };

// Only the tags Encore stores: exifr then skips everything else (maker notes, thumbnails,
// ICC), which is most of its per-file cost. reviveValues stays off, otherwise exifr turns
// DateTimeOriginal into a Date in the machine's zone and the wall time is lost.
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

function asTagMap(value: unknown): TagMap {
  return value !== null && typeof value === 'object' ? (value as TagMap) : {};
}

function xmpText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return null;
}

async function runExifr(source: Buffer | string, warnings: MetadataWarning[]): Promise<ExifData> {
  try {
    // exifr's typings declare the result as any; it is a plain object of segments.
    const out: unknown = await exifr.parse(source, EXIFR_OPTIONS);
    const o = asTagMap(out);
    return {
      ifd0: asTagMap(o.ifd0),
      exif: asTagMap(o.exif),
      gps: asTagMap(o.gps),
      xmp: xmpText(o.xmp),
    };
  } catch (err) {
    // "Unknown file format" for files without any metadata container is not worth a warning.
    const message = err instanceof Error ? err.message : String(err);
    if (!/Unknown file format/i.test(message)) {
      warnings.push({ code: 'exif-unreadable', message: `EXIF could not be read: ${message}` });
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
    const data = chunks.exif ? await runExifr(chunks.exif, warnings) : { ...EMPTY };
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
    const data = await runExifr(tiff ?? src.bytes, warnings);
    return { ...data, xmp: data.xmp ?? xmp };
  }
  const data = await runExifr(src.bytes, warnings);
  return { ...data, xmp: data.xmp ?? callerXmp };
}
