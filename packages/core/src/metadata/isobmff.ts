// Minimal ISO-BMFF / QuickTime box walking over an in-memory buffer, shared by the HEIF
// size reader and the video reader. Every read is bounds-checked: fuzzed files must end the
// walk, not throw.

export interface Box {
  type: string;
  /** Offset of the box header in the buffer. */
  start: number;
  /** Offset of the payload (after size/type/largesize). */
  contentStart: number;
  /** Offset one past the end of the box, clamped to the buffer. */
  end: number;
  /** The box claims more bytes than the buffer holds (truncated file or bad size). */
  truncated: boolean;
}

/** Reads the box header at `offset`; null when there is no room for one or the size is bogus. */
export function readBoxHeader(buf: Buffer, offset: number, limit = buf.length): Box | null {
  if (offset + 8 > limit) return null;
  let size = buf.readUInt32BE(offset);
  const type = buf.toString('latin1', offset + 4, offset + 8);
  let header = 8;
  if (size === 1) {
    if (offset + 16 > limit) return null;
    const big = buf.readBigUInt64BE(offset + 8);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    size = Number(big);
    header = 16;
  } else if (size === 0) {
    size = limit - offset; // "extends to end of file"
  }
  if (size < header) return null;
  const claimedEnd = offset + size;
  return {
    type,
    start: offset,
    contentStart: offset + header,
    end: Math.min(claimedEnd, limit),
    truncated: claimedEnd > limit,
  };
}

/** The boxes directly inside [start, end). Stops at the first malformed header. */
export function childBoxes(buf: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  // A cap on the count protects against pathological files with millions of tiny boxes.
  while (offset < end && boxes.length < 10_000) {
    const box = readBoxHeader(buf, offset, end);
    if (!box) break;
    boxes.push(box);
    offset = box.end;
  }
  return boxes;
}

export function findChild(buf: Buffer, parent: Box, type: string, skip = 0): Box | undefined {
  return childBoxes(buf, parent.contentStart + skip, parent.end).find((b) => b.type === type);
}

/** Follows a path of box types, e.g. ['moov', 'udta', 'meta']. */
export function findPath(buf: Buffer, root: Box, path: readonly string[]): Box | undefined {
  let current: Box | undefined = root;
  for (const type of path) {
    if (!current) return undefined;
    current = findChild(
      buf,
      current,
      type,
      current.type === 'meta' ? metaHeaderSkip(buf, current) : 0,
    );
  }
  return current;
}

/**
 * ISO 'meta' is a full box (4 bytes version/flags before its children); QuickTime's 'meta'
 * is not. Tell them apart by whether a plausible box header follows directly.
 */
export function metaHeaderSkip(buf: Buffer, meta: Box): number {
  const at = meta.contentStart;
  if (at + 8 > meta.end) return 0;
  const type = buf.toString('latin1', at + 4, at + 8);
  return /^[a-z]{4}$/i.test(type) && buf.readUInt32BE(at) >= 8 ? 0 : 4;
}

/** Safe big-endian unsigned read: NaN instead of a RangeError past the end. */
export function u32(buf: Buffer, offset: number, end = buf.length): number {
  return offset + 4 <= end ? buf.readUInt32BE(offset) : NaN;
}

export function u16(buf: Buffer, offset: number, end = buf.length): number {
  return offset + 2 <= end ? buf.readUInt16BE(offset) : NaN;
}

export function u64(buf: Buffer, offset: number, end = buf.length): number {
  return offset + 8 <= end ? Number(buf.readBigUInt64BE(offset)) : NaN;
}

export function i32(buf: Buffer, offset: number, end = buf.length): number {
  return offset + 4 <= end ? buf.readInt32BE(offset) : NaN;
}
