// Just enough ISO base media file format (MP4/MOV/HEIF/CR3) box walking for the sniffer, the HEIC
// orientation check and the video dimensions. Every read is bounds-checked: fuzzed files end early.

export interface Box {
  type: string;
  /** Offset of the box header. */
  start: number;
  /** Offset of the payload (after size, type and any 64-bit size). */
  payload: number;
  /** Offset just past the box, clamped to the buffer. */
  end: number;
  /** The size the header declares, which may exceed the buffer when the data was cut short. */
  declaredEnd: number;
}

/** Boxes directly inside [start, end). Stops at the first malformed header. */
export function* boxes(buf: Buffer, start = 0, end = buf.length): Generator<Box> {
  let at = start;
  const limit = Math.min(end, buf.length);
  while (at + 8 <= limit) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > limit) return;
      const big = buf.readBigUInt64BE(at + 8);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) return;
      size = Number(big);
      header = 16;
    } else if (size === 0) {
      size = limit - at; // "extends to end of file"
    }
    if (size < header) return;
    const declaredEnd = at + size;
    yield { type, start: at, payload: at + header, end: Math.min(declaredEnd, limit), declaredEnd };
    at = declaredEnd;
  }
}

export function findBox(buf: Buffer, type: string, start = 0, end = buf.length): Box | undefined {
  for (const box of boxes(buf, start, end)) if (box.type === type) return box;
  return undefined;
}

/** Follows a path of box types, e.g. ['moov', 'trak'], skipping the version/flags of full-box containers. */
export function findPath(
  buf: Buffer,
  path: readonly string[],
  start = 0,
  end = buf.length,
): Box | undefined {
  let box: Box | undefined;
  let from = start;
  let to = end;
  for (const type of path) {
    box = findBox(buf, type, from, to);
    if (!box) return undefined;
    from = box.payload + (FULL_BOX_CONTAINERS.has(type) ? 4 : 0);
    to = box.end;
  }
  return box;
}

/** Container boxes that are "full boxes" (version + flags before their children). */
const FULL_BOX_CONTAINERS = new Set(['meta', 'iref', 'iinf']);

export interface FileType {
  major: string;
  compatible: string[];
}

/** The ftyp box when it is the first box, as ISO-BMFF requires. */
export function readFileType(head: Buffer): FileType | undefined {
  if (head.length < 16 || head.toString('latin1', 4, 8) !== 'ftyp') return undefined;
  const size = head.readUInt32BE(0);
  if (size < 16) return undefined;
  const end = Math.min(size, head.length);
  const major = head.toString('latin1', 8, 12);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= end; at += 4) compatible.push(head.toString('latin1', at, at + 4));
  return { major, compatible };
}

/**
 * True when the HEIF declares an irot or imir transform property. libheif applies those itself;
 * when a file has none (some edited iPhone 7 files) the EXIF orientation is all we have.
 */
export function heifHasTransformProperty(buf: Buffer): boolean {
  const meta = findBox(buf, 'meta');
  if (!meta) return false;
  const ipco = findPath(buf, ['iprp', 'ipco'], meta.payload + 4, meta.end);
  if (!ipco) return false;
  for (const prop of boxes(buf, ipco.payload, ipco.end)) {
    if (prop.type === 'irot' || prop.type === 'imir') return true;
  }
  return false;
}

/**
 * Describes the first HEIF item whose data (per the iloc box) lies past the end of the file, or
 * undefined when all are inside. libheif 1.23 decodes such truncated files into partly grey
 * pictures; a photo manager should report them as truncated instead.
 */
export function heifTruncation(buf: Buffer): string | undefined {
  const meta = findBox(buf, 'meta');
  if (!meta) return undefined;
  const iloc = findBox(buf, 'iloc', meta.payload + 4, meta.end);
  if (!iloc) return undefined;
  let at = iloc.payload;
  const end = iloc.end;
  const need = (n: number): boolean => at + n <= end;
  const read = (size: number): number => {
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + (buf[at + i] as number);
    at += size;
    return v;
  };
  if (!need(6)) return undefined;
  const version = read(1);
  at += 3; // flags
  const sizes = read(2);
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 0xf;
  const baseOffsetSize = (sizes >> 4) & 0xf;
  const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
  const idSize = version === 2 ? 4 : 2;
  if (!need(idSize)) return undefined;
  const itemCount = read(idSize);
  for (let i = 0; i < itemCount; i++) {
    if (!need(idSize + (version >= 1 ? 2 : 0) + 2 + baseOffsetSize + 2)) return undefined;
    const itemId = read(idSize);
    const construction = version >= 1 ? read(2) & 0xf : 0;
    at += 2; // data_reference_index
    const base = read(baseOffsetSize);
    const extents = read(2);
    for (let e = 0; e < extents; e++) {
      if (!need(indexSize + offsetSize + lengthSize)) return undefined;
      at += indexSize;
      const offset = read(offsetSize);
      const length = read(lengthSize);
      const last = base + offset + length;
      if (construction === 0 && length > 0 && last > buf.length) {
        return `item ${itemId} data ends at byte ${last}, past the end of the file (${buf.length} bytes): the file is truncated or its item table is corrupt`;
      }
    }
  }
  return undefined;
}
