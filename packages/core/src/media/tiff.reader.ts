// A minimal, bounds-checked TIFF/EXIF IFD walker. The sniffer, the RAW preview extractor and the
// EXIF orientation lookup all need a few tags from files that may be truncated or fuzzed, so every
// read returns undefined instead of throwing when it would leave the buffer.

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute offset of the value bytes, inline in the entry or pointed to. */
  valueOffset: number;
}

export interface TiffIfd {
  offset: number;
  entries: Map<number, TiffEntry>;
  /** Where the walker found this IFD: main chain, a SubIFD (RAW), or the EXIF IFD. */
  kind: 'chain' | 'sub' | 'exif';
}

export const TIFF_TAG = {
  NewSubfileType: 0x00fe,
  ImageWidth: 0x0100,
  ImageLength: 0x0101,
  Compression: 0x0103,
  Photometric: 0x0106,
  Make: 0x010f,
  StripOffsets: 0x0111,
  Orientation: 0x0112,
  StripByteCounts: 0x0117,
  SubIFDs: 0x014a,
  JpegInterchangeFormat: 0x0201,
  JpegInterchangeFormatLength: 0x0202,
  ExifIfd: 0x8769,
  ExifImageWidth: 0xa002,
  ExifImageHeight: 0xa003,
  DngVersion: 0xc612,
  /** Panasonic RW2 keeps its full-size JPEG in this IFD0 tag. */
  PanasonicJpgFromRaw: 0x002e,
} as const;

const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};
/** Guards against IFD cycles and absurd files: real RAW files have fewer than 20 IFDs. */
const MAX_IFDS = 64;
const MAX_ENTRIES = 1000;

export class TiffReader {
  readonly little: boolean;
  /** The 16-bit magic: 42 for TIFF, 0x4f52/0x5352 for ORF, 0x55 for RW2. */
  readonly magic: number;

  /** `base` is where the TIFF header starts inside `buf` (6 for an EXIF block after "Exif\0\0"). */
  private constructor(
    readonly buf: Buffer,
    readonly base: number,
    little: boolean,
  ) {
    this.little = little;
    this.magic = this.u16(2) ?? 0;
  }

  static open(buf: Buffer, base = 0): TiffReader | undefined {
    if (buf.length < base + 8) return undefined;
    const b0 = buf[base];
    const b1 = buf[base + 1];
    if (b0 === 0x49 && b1 === 0x49) return new TiffReader(buf, base, true);
    if (b0 === 0x4d && b1 === 0x4d) return new TiffReader(buf, base, false);
    return undefined;
  }

  /** Reads at an offset relative to the TIFF header. */
  u16(off: number): number | undefined {
    const at = this.base + off;
    if (off < 0 || at + 2 > this.buf.length) return undefined;
    return this.little ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at);
  }

  u32(off: number): number | undefined {
    const at = this.base + off;
    if (off < 0 || at + 4 > this.buf.length) return undefined;
    return this.little ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
  }

  firstIfdOffset(): number | undefined {
    return this.u32(4);
  }

  readIfd(offset: number, kind: TiffIfd['kind']): TiffIfd | undefined {
    const n = this.u16(offset);
    if (n === undefined || n === 0 || n > MAX_ENTRIES) return undefined;
    const entries = new Map<number, TiffEntry>();
    for (let i = 0; i < n; i++) {
      const e = offset + 2 + i * 12;
      const tag = this.u16(e);
      const type = this.u16(e + 2);
      const count = this.u32(e + 4);
      if (tag === undefined || type === undefined || count === undefined) break; // truncated: keep what we have
      const size = (TYPE_SIZES[type] ?? 1) * count;
      const valueOffset = size <= 4 ? e + 8 : this.u32(e + 8);
      if (valueOffset === undefined) break;
      entries.set(tag, { tag, type, count, valueOffset });
    }
    return { offset, entries, kind };
  }

  nextIfdOffset(ifd: TiffIfd): number | undefined {
    const n = this.u16(ifd.offset) ?? 0;
    const next = this.u32(ifd.offset + 2 + n * 12);
    return next ? next : undefined;
  }

  /** Numeric values of a BYTE/SHORT/LONG/IFD entry, capped so a fuzzed count can't allocate gigabytes. */
  values(entry: TiffEntry | undefined, max = 4096): number[] {
    if (!entry) return [];
    const out: number[] = [];
    const n = Math.min(entry.count, max);
    for (let i = 0; i < n; i++) {
      let v: number | undefined;
      if (entry.type === 3 || entry.type === 8) v = this.u16(entry.valueOffset + i * 2);
      else if (entry.type === 4 || entry.type === 9 || entry.type === 13)
        v = this.u32(entry.valueOffset + i * 4);
      else if (entry.type === 1 || entry.type === 7) {
        const at = this.base + entry.valueOffset + i;
        v = at < this.buf.length ? this.buf[at] : undefined;
      }
      if (v === undefined) break;
      out.push(v);
    }
    return out;
  }

  value(ifd: TiffIfd | undefined, tag: number): number | undefined {
    return this.values(ifd?.entries.get(tag), 1)[0];
  }

  string(ifd: TiffIfd | undefined, tag: number): string | undefined {
    const entry = ifd?.entries.get(tag);
    if (!entry || entry.type !== 2) return undefined;
    const start = this.base + entry.valueOffset;
    const end = Math.min(start + entry.count, this.buf.length);
    if (start >= this.buf.length) return undefined;
    return this.buf.toString('latin1', start, end).replace(/\0.*$/s, '').trim();
  }

  /** IFD0 and its chain, every SubIFD (recursively) and the EXIF IFD; cycles and repeats skipped. */
  walk(): TiffIfd[] {
    const out: TiffIfd[] = [];
    const seen = new Set<number>();
    const queue: Array<[number, TiffIfd['kind']]> = [];
    const first = this.firstIfdOffset();
    if (first !== undefined) queue.push([first, 'chain']);
    while (queue.length > 0 && out.length < MAX_IFDS) {
      const [offset, kind] = queue.shift() as [number, TiffIfd['kind']];
      if (seen.has(offset)) continue;
      seen.add(offset);
      const ifd = this.readIfd(offset, kind);
      if (!ifd) continue;
      out.push(ifd);
      for (const sub of this.values(ifd.entries.get(TIFF_TAG.SubIFDs), 16))
        queue.push([sub, 'sub']);
      const exif = this.value(ifd, TIFF_TAG.ExifIfd);
      if (exif !== undefined) queue.push([exif, 'exif']);
      if (kind === 'chain') {
        const next = this.nextIfdOffset(ifd);
        if (next !== undefined) queue.push([next, 'chain']);
      }
    }
    return out;
  }
}

/** EXIF orientation (1..8) from a raw EXIF block as sharp returns it ("Exif\0\0" + TIFF), else 1. */
export function exifOrientation(exif: Buffer | undefined): number {
  if (!exif) return 1;
  const base = exif.toString('latin1', 0, 4) === 'Exif' ? 6 : 0;
  const tiff = TiffReader.open(exif, base);
  const first = tiff?.firstIfdOffset();
  if (!tiff || first === undefined) return 1;
  const o = tiff.value(tiff.readIfd(first, 'chain'), TIFF_TAG.Orientation);
  return o !== undefined && o >= 1 && o <= 8 ? o : 1;
}
