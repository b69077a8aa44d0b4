// Stored pixel dimensions from image headers (JPEG SOF, PNG IHDR, GIF, WebP, HEIF ispe,
// TIFF/RAW IFDs) plus container sniffing. The pipeline also knows decoded sizes; these are the
// fallback for RAW stubs and files the decoder rejects, so they must never throw.
import { childBoxes, readBoxHeader, u16, u32 } from './isobmff.js';
import type { Box } from './isobmff.js';
import { tiffImageSize } from './tiff-size.js';
import { readWebpChunks } from './webp.reader.js';

export type Container = 'jpeg' | 'png' | 'gif' | 'webp' | 'heif' | 'tiff';

export interface PixelSize {
  width: number;
  height: number;
}

const HEIF_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'msf1',
  'avif',
  'avis',
  'mif2',
]);

/** What the bytes are, whatever the file is called (a ".heic" can be a JPEG). */
export function sniffContainer(buf: Buffer): Container | null {
  if (buf.length < 12) return null;
  if (buf[0] === 0xff && buf[1] === 0xd8) return 'jpeg';
  if (buf.readUInt32BE(0) === 0x89504e47) return 'png';
  if (buf.toString('latin1', 0, 4) === 'GIF8') return 'gif';
  if (buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  const tiffMagic = buf.toString('latin1', 0, 4);
  if (tiffMagic === 'II*\0' || tiffMagic === 'MM\0*') return 'tiff';
  if (buf.toString('latin1', 4, 8) === 'ftyp') {
    const brand = buf.toString('latin1', 8, 12);
    if (HEIF_BRANDS.has(brand)) return 'heif';
  }
  return null;
}

function isSof(marker: number): boolean {
  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export function jpegSize(buf: Buffer): PixelSize | null {
  let offset = 2;
  while (offset + 4 <= buf.length) {
    if (buf[offset] !== 0xff) return null;
    const marker = buf[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data / end before any SOF
    const length = buf.readUInt16BE(offset + 2);
    if (isSof(marker)) {
      if (offset + 9 > buf.length) return null;
      const height = buf.readUInt16BE(offset + 5);
      const width = buf.readUInt16BE(offset + 7);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    offset += 2 + length;
  }
  return null;
}

function pngSize(buf: Buffer): PixelSize | null {
  if (buf.length < 24 || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function gifSize(buf: Buffer): PixelSize | null {
  return { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) };
}

function ipcoProperties(buf: Buffer, iprp: Box): Box[] {
  const ipco = childBoxes(buf, iprp.contentStart, iprp.end).find((b) => b.type === 'ipco');
  return ipco ? childBoxes(buf, ipco.contentStart, ipco.end) : [];
}

/** Property indexes (1-based into ipco) associated with `itemId` in the ipma box. */
function itemPropertyIndexes(buf: Buffer, ipma: Box, itemId: number): number[] {
  const version = buf[ipma.contentStart] ?? 0;
  const flags = u32(buf, ipma.contentStart, ipma.end) & 0xffffff;
  let p = ipma.contentStart + 4;
  const count = u32(buf, p, ipma.end);
  p += 4;
  for (let i = 0; i < count && p < ipma.end; i++) {
    const id = version < 1 ? u16(buf, p, ipma.end) : u32(buf, p, ipma.end);
    p += version < 1 ? 2 : 4;
    const n = buf[p] ?? 0;
    p += 1;
    const indexes: number[] = [];
    for (let j = 0; j < n; j++) {
      const raw = flags & 1 ? u16(buf, p, ipma.end) & 0x7fff : (buf[p] ?? 0) & 0x7f;
      p += flags & 1 ? 2 : 1;
      indexes.push(raw);
    }
    if (id === itemId) return indexes;
  }
  return [];
}

/** Size of the primary item from its 'ispe' property; the largest ispe when that fails. */
export function heifSize(buf: Buffer): PixelSize | null {
  const meta = childBoxes(buf, 0, buf.length).find((b) => b.type === 'meta');
  if (!meta) return null;
  const children = childBoxes(buf, meta.contentStart + 4, meta.end); // meta is a full box
  const iprp = children.find((b) => b.type === 'iprp');
  if (!iprp) return null;
  const props = ipcoProperties(buf, iprp);
  const ispeSize = (b: Box | undefined): PixelSize | null => {
    if (!b || b.type !== 'ispe') return null;
    const width = u32(buf, b.contentStart + 4, b.end);
    const height = u32(buf, b.contentStart + 8, b.end);
    return width > 0 && height > 0 ? { width, height } : null;
  };
  const pitm = children.find((b) => b.type === 'pitm');
  const ipma = childBoxes(buf, iprp.contentStart, iprp.end).find((b) => b.type === 'ipma');
  if (pitm && ipma) {
    const primary =
      (buf[pitm.contentStart] ?? 0) < 1
        ? u16(buf, pitm.contentStart + 4, pitm.end)
        : u32(buf, pitm.contentStart + 4, pitm.end);
    for (const index of itemPropertyIndexes(buf, ipma, primary)) {
      const size = ispeSize(props[index - 1]);
      if (size) return size;
    }
  }
  let best: PixelSize | null = null;
  for (const b of props) {
    const size = ispeSize(b);
    if (size && (!best || size.width * size.height > best.width * best.height)) best = size;
  }
  return best;
}

/** Stored (not orientation-corrected) dimensions of an image, or null when unknown. */
export function imageSize(buf: Buffer, container: Container | null): PixelSize | null {
  try {
    switch (container) {
      case 'jpeg':
        return jpegSize(buf);
      case 'png':
        return pngSize(buf);
      case 'gif':
        return gifSize(buf);
      case 'webp':
        return readWebpChunks(buf).size;
      case 'heif':
        return readBoxHeader(buf, 0) ? heifSize(buf) : null;
      case 'tiff':
        return tiffImageSize(buf);
      default:
        return null;
    }
  } catch {
    // Header readers are bounds-checked, but a fuzzed file should cost a null, not ingest.
    return null;
  }
}
