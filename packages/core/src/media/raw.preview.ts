// Finds the JPEG previews cameras embed in RAW files. Demosaicing a RAW is slow and needs a RAW
// decoder we do not ship; the camera's own full-size (or 1-2 MP) JPEG is what every photo
// manager shows in its grid anyway. Also reports the full image size and orientation from the
// TIFF tags so a RAW without a usable preview still gets the right dimensions.
import type { RawFormat } from './format.js';
import { TIFF_TAG, TiffReader } from './tiff.reader.js';

export interface RawPreviewInfo {
  /** Embedded JPEGs, best (largest) first; empty when the file has none (e.g. stripped test files). */
  jpegs: Buffer[];
  /** Full image size as stored (before orientation), 0 when unknown. */
  width: number;
  height: number;
  /** EXIF orientation of the RAW (embedded previews are stored unrotated). */
  orientation: number;
}

/** TIFF photometric interpretations of sensor data that sharp cannot render as a picture. */
const SENSOR_PHOTOMETRIC = new Set([32803 /* CFA */, 34892 /* LinearRaw */]);
/** Compression values whose strips hold a JPEG stream (old-style, baseline, DNG lossy). */
const JPEG_COMPRESSION = new Set([6, 7, 34892]);
/** Previews smaller than this are icons, not worth decoding before a larger one fails. */
const MIN_JPEG_BYTES = 64;

interface Candidate {
  offset: number;
  length: number;
}

export function findRawPreviews(bytes: Buffer, format: RawFormat): RawPreviewInfo {
  if (format === 'raf') return rafPreview(bytes);
  if (format === 'cr3') return cr3Preview(bytes);
  return tiffPreviews(bytes);
}

function tiffPreviews(bytes: Buffer): RawPreviewInfo {
  const tiff = TiffReader.open(bytes);
  if (!tiff) return { jpegs: [], width: 0, height: 0, orientation: 1 };
  const ifds = tiff.walk();
  const ifd0 = ifds[0];
  const orientation = clampOrientation(tiff.value(ifd0, TIFF_TAG.Orientation));
  const candidates: Candidate[] = [];
  const add = (offset: number | undefined, length: number | undefined): void => {
    if (offset === undefined || length === undefined) return;
    candidates.push({ offset, length });
  };

  let maxArea = 0;
  let size = { width: 0, height: 0 };
  let exifSize: { width: number; height: number } | undefined;
  for (const ifd of ifds) {
    if (ifd.kind === 'exif') {
      const w = tiff.value(ifd, TIFF_TAG.ExifImageWidth);
      const h = tiff.value(ifd, TIFF_TAG.ExifImageHeight);
      if (w && h) exifSize = { width: w, height: h };
      continue;
    }
    const w = tiff.value(ifd, TIFF_TAG.ImageWidth) ?? 0;
    const h = tiff.value(ifd, TIFF_TAG.ImageLength) ?? 0;
    if (w * h > maxArea) {
      maxArea = w * h;
      size = { width: w, height: h };
    }
    // JPEGInterchangeFormat: thumbnails and (NEF, ARW) full-size previews.
    const jif = tiff.value(ifd, TIFF_TAG.JpegInterchangeFormat);
    if (jif !== undefined) add(jif, tiff.value(ifd, TIFF_TAG.JpegInterchangeFormatLength));
    // A single JPEG-compressed strip of a non-sensor image: CR2's IFD0, DNG previews.
    const compression = tiff.value(ifd, TIFF_TAG.Compression) ?? 1;
    const photometric = tiff.value(ifd, TIFF_TAG.Photometric) ?? 2;
    const strips = tiff.values(ifd.entries.get(TIFF_TAG.StripOffsets), 2);
    if (
      JPEG_COMPRESSION.has(compression) &&
      !SENSOR_PHOTOMETRIC.has(photometric) &&
      strips.length === 1
    ) {
      add(strips[0], tiff.value(ifd, TIFF_TAG.StripByteCounts));
    }
  }
  const rw2 = ifd0?.entries.get(TIFF_TAG.PanasonicJpgFromRaw);
  if (rw2) add(rw2.valueOffset, rw2.count);

  // Cameras record the developed size in EXIF; the largest IFD is the sensor, a little larger.
  if (exifSize) size = exifSize;
  return { jpegs: rank(bytes, candidates), ...size, orientation };
}

/** Fujifilm RAF: a fixed header points at the embedded JPEG (big-endian offset and length at 84). */
function rafPreview(bytes: Buffer): RawPreviewInfo {
  const none: RawPreviewInfo = { jpegs: [], width: 0, height: 0, orientation: 1 };
  if (bytes.length < 92) return none;
  const offset = bytes.readUInt32BE(84);
  const length = bytes.readUInt32BE(88);
  return { ...none, jpegs: rank(bytes, [{ offset, length }]) };
}

/** Canon CR3: the 1620x1080 preview sits in a PRVW box inside a uuid box. */
function cr3Preview(bytes: Buffer): RawPreviewInfo {
  const none: RawPreviewInfo = { jpegs: [], width: 0, height: 0, orientation: 1 };
  const at = bytes.indexOf('PRVW', 0, 'latin1');
  if (at < 4 || at + 24 > bytes.length) return none;
  const start = at - 4;
  const length = bytes.readUInt32BE(start + 20);
  return { ...none, jpegs: rank(bytes, [{ offset: start + 24, length }]) };
}

function rank(bytes: Buffer, candidates: Candidate[]): Buffer[] {
  const seen = new Set<number>();
  return (
    candidates
      .filter(
        (c) =>
          c.length >= MIN_JPEG_BYTES &&
          c.offset + c.length <= bytes.length &&
          bytes[c.offset] === 0xff &&
          bytes[c.offset + 1] === 0xd8,
      )
      .filter((c) => (seen.has(c.offset) ? false : (seen.add(c.offset), true)))
      // Byte length ranks previews more reliably than IFD sizes, which often describe the sensor.
      .sort((a, b) => b.length - a.length)
      .map((c) => bytes.subarray(c.offset, c.offset + c.length))
  );
}

function clampOrientation(o: number | undefined): number {
  return o !== undefined && o >= 1 && o <= 8 ? o : 1;
}
