// WebP's RIFF chunks: canvas size (VP8X/VP8/VP8L) and the EXIF and XMP chunks. exifr 7 does
// not read WebP, so the EXIF chunk is cut out here and handed to exifr as a TIFF block.
import type { PixelSize } from './image-size.js';

export interface WebpChunks {
  size: PixelSize | null;
  /** TIFF block ("II*\0"/"MM\0*"), with any "Exif\0\0" prefix removed. */
  exif: Buffer | null;
  xmp: string | null;
}

function u24le(buf: Buffer, at: number): number {
  return (buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8) | ((buf[at + 2] ?? 0) << 16);
}

function frameSize(type: string, buf: Buffer, at: number, end: number): PixelSize | null {
  if (type === 'VP8X' && at + 10 <= end) {
    return { width: u24le(buf, at + 4) + 1, height: u24le(buf, at + 7) + 1 };
  }
  if (
    type === 'VP8 ' &&
    at + 10 <= end &&
    buf[at + 3] === 0x9d &&
    buf[at + 4] === 0x01 &&
    buf[at + 5] === 0x2a
  ) {
    return { width: buf.readUInt16LE(at + 6) & 0x3fff, height: buf.readUInt16LE(at + 8) & 0x3fff };
  }
  if (type === 'VP8L' && at + 5 <= end && buf[at] === 0x2f) {
    const bits = buf.readUInt32LE(at + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return null;
}

/** Strips the optional "Exif\0\0" header so the block starts at the TIFF byte order mark. */
export function tiffFromExifBlock(block: Buffer): Buffer | null {
  const start = block.toString('latin1', 0, 6) === 'Exif\0\0' ? 6 : 0;
  const magic = block.toString('latin1', start, start + 4);
  return magic === 'II*\0' || magic === 'MM\0*' ? block.subarray(start) : null;
}

export function readWebpChunks(buf: Buffer): WebpChunks {
  const result: WebpChunks = { size: null, exif: null, xmp: null };
  if (
    buf.length < 12 ||
    buf.toString('latin1', 0, 4) !== 'RIFF' ||
    buf.toString('latin1', 8, 12) !== 'WEBP'
  )
    return result;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const type = buf.toString('latin1', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const at = offset + 8;
    const end = Math.min(at + size, buf.length);
    if (size === 0 && type === '\0\0\0\0') break; // fuzzed padding: nothing more to find
    result.size ??= frameSize(type, buf, at, end);
    if (type === 'EXIF') result.exif = tiffFromExifBlock(buf.subarray(at, end));
    if (type === 'XMP ') result.xmp = buf.toString('utf8', at, end);
    offset = at + size + (size % 2); // chunks are padded to even length
  }
  return result;
}
