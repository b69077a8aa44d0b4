// Pixel size of TIFF-based files (TIFF, DNG, CR2, NEF, ARW ...). RAW files keep a small
// preview in IFD0 and the sensor image in a SubIFD (or, in CR2, only in the EXIF pixel
// dimensions), so the largest size found across IFD0, its chain and SubIFDs is the photo.
import type { PixelSize } from './image-size.js';

const TAG_WIDTH = 0x0100;
const TAG_HEIGHT = 0x0101;
const TAG_SUBIFDS = 0x014a;
const TAG_EXIF_IFD = 0x8769;
const TAG_PIXEL_X = 0xa002;
const TAG_PIXEL_Y = 0xa003;
const MAX_IFDS = 32;

interface Reader {
  u16(at: number): number;
  u32(at: number): number;
}

function reader(buf: Buffer, le: boolean): Reader {
  return {
    u16: (at) => (at + 2 <= buf.length ? (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at)) : NaN),
    u32: (at) => (at + 4 <= buf.length ? (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at)) : NaN),
  };
}

/** Value of a SHORT or LONG entry (first value), or the offset list of a LONG/IFD array. */
function entryValues(r: Reader, entry: number): number[] {
  const type = r.u16(entry + 2);
  const count = r.u32(entry + 4);
  const size = type === 3 ? 2 : type === 4 || type === 13 ? 4 : 0;
  if (!size || !(count > 0) || count > 64) return [];
  const inline = size * count <= 4;
  const base = inline ? entry + 8 : r.u32(entry + 8);
  const values: number[] = [];
  for (let i = 0; i < count; i++)
    values.push(size === 2 ? r.u16(base + i * 2) : r.u32(base + i * 4));
  return values.filter((v) => Number.isFinite(v));
}

export function tiffImageSize(buf: Buffer): PixelSize | null {
  const order = buf.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const r = reader(buf, order === 'II');
  const queue: number[] = [r.u32(4)];
  const seen = new Set<number>();
  let best: PixelSize | null = null;
  const consider = (width: number | undefined, height: number | undefined): void => {
    if (!width || !height || !Number.isFinite(width) || !Number.isFinite(height)) return;
    if (!best || width * height > best.width * best.height) best = { width, height };
  };
  while (queue.length > 0 && seen.size < MAX_IFDS) {
    const ifd = queue.shift() ?? 0;
    if (!ifd || seen.has(ifd) || ifd + 2 > buf.length) continue;
    seen.add(ifd);
    const count = r.u16(ifd);
    if (!(count > 0) || count > 1000) continue;
    let width: number | undefined;
    let height: number | undefined;
    let pixelX: number | undefined;
    let pixelY: number | undefined;
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      const tag = r.u16(entry);
      if (tag === TAG_WIDTH) width = entryValues(r, entry)[0];
      else if (tag === TAG_HEIGHT) height = entryValues(r, entry)[0];
      else if (tag === TAG_PIXEL_X) pixelX = entryValues(r, entry)[0];
      else if (tag === TAG_PIXEL_Y) pixelY = entryValues(r, entry)[0];
      else if (tag === TAG_SUBIFDS || tag === TAG_EXIF_IFD) queue.push(...entryValues(r, entry));
    }
    consider(width, height);
    consider(pixelX, pixelY);
    queue.push(r.u32(ifd + 2 + count * 12));
  }
  return best;
}
