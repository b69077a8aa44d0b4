// Video (MOV/MP4) metadata straight from the QuickTime / ISO-BMFF atoms. Videos can be many
// GB, so only box headers are read until 'moov' is found (it may sit after 'mdat'), and
// then only 'moov' itself is loaded.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import {
  childBoxes,
  findChild,
  findPath,
  i32,
  metaHeaderSkip,
  readBoxHeader,
  u16,
  u32,
  u64,
} from './isobmff.js';
import type { Box } from './isobmff.js';

export interface VideoMetadata {
  /** mvhd creation_time as a UTC instant; null when unset (0) or implausible. */
  createdUtcMs: number | null;
  /** Apple com.apple.quicktime.creationdate, e.g. "2019-07-24T11:25:40+0300" (local + offset). */
  creationDate: string | null;
  /** ISO 6709 location from Apple Keys or udta ©xyz. */
  location: string | null;
  make: string | null;
  model: string | null;
  /** Track dimensions before the rotation matrix. */
  width: number | null;
  height: number | null;
  /** Clockwise rotation from the video track matrix: 0, 90, 180 or 270. */
  rotation: number;
}

// Seconds between the QuickTime epoch (1904-01-01) and the Unix epoch.
const MAC_EPOCH_OFFSET_S = 2_082_844_800;
// 'moov' holds sample tables; even hour-long videos stay well under this.
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Finds the top-level 'moov' by hopping over box headers, and reads it. */
async function readMoov(fh: FileHandle, fileSize: number): Promise<Buffer | null> {
  let offset = 0;
  for (let i = 0; i < 1000 && offset + 8 <= fileSize; i++) {
    const head = await readAt(fh, offset, 16);
    const box = readBoxHeader(head, 0, Math.min(16, fileSize - offset));
    // Headers parsed against a 16-byte window: recompute the real extent from the size field.
    if (!box) return null;
    const size32 = head.readUInt32BE(0);
    const size =
      size32 === 1 ? Number(head.readBigUInt64BE(8)) : size32 === 0 ? fileSize - offset : size32;
    if (box.type === 'moov') {
      const length = Math.min(size, fileSize - offset);
      if (length > MAX_MOOV_BYTES) return null;
      return readAt(fh, offset, length);
    }
    if (size < 8) return null;
    offset += size;
  }
  return null;
}

function mvhdCreated(buf: Buffer, mvhd: Box): number | null {
  const version = buf[mvhd.contentStart] ?? 0;
  const seconds =
    version === 1
      ? u64(buf, mvhd.contentStart + 4, mvhd.end)
      : u32(buf, mvhd.contentStart + 4, mvhd.end);
  if (!Number.isFinite(seconds) || seconds === 0) return null;
  const ms = (seconds - MAC_EPOCH_OFFSET_S) * 1000;
  // Some encoders write Unix seconds or garbage; before 1990 is not a digital video.
  return ms > Date.UTC(1990, 0, 1) && ms < Date.UTC(2200, 0, 1) ? ms : null;
}

interface TrackSize {
  width: number;
  height: number;
  rotation: number;
}

function trackSize(buf: Buffer, tkhd: Box): TrackSize | null {
  const version = buf[tkhd.contentStart] ?? 0;
  // version/flags 4, times+id+reserved+duration (20 or 32), reserved 8, layer/group/volume/reserved 8
  const matrixAt = tkhd.contentStart + 4 + (version === 1 ? 32 : 20) + 16;
  const a = i32(buf, matrixAt, tkhd.end) / 65536;
  const b = i32(buf, matrixAt + 4, tkhd.end) / 65536;
  const width = u32(buf, matrixAt + 36, tkhd.end) / 65536;
  const height = u32(buf, matrixAt + 40, tkhd.end) / 65536;
  if (!(width > 0) || !(height > 0)) return null; // audio and metadata tracks
  const degrees = Math.round((Math.atan2(b, a) * 180) / Math.PI);
  return {
    width: Math.round(width),
    height: Math.round(height),
    rotation: ((degrees % 360) + 360) % 360,
  };
}

/** Text payload of an udta string atom: u16 length, u16 language, then the bytes. */
function udtaString(buf: Buffer, box: Box): string | null {
  const length = u16(buf, box.contentStart, box.end);
  if (!Number.isFinite(length)) return null;
  const start = box.contentStart + 4;
  const text = buf
    .toString('utf8', start, Math.min(start + length, box.end))
    .replace(/\0/g, '')
    .trim();
  return text || null;
}

/** Apple 'mdta' metadata: a 'keys' table and an 'ilst' whose children are 1-based key indexes. */
function appleKeys(buf: Buffer, meta: Box): Map<string, string> {
  const values = new Map<string, string>();
  const skip = metaHeaderSkip(buf, meta);
  const children = childBoxes(buf, meta.contentStart + skip, meta.end);
  const keysBox = children.find((b) => b.type === 'keys');
  const ilst = children.find((b) => b.type === 'ilst');
  if (!keysBox || !ilst) return values;
  const names: string[] = [];
  const count = u32(buf, keysBox.contentStart + 4, keysBox.end);
  let p = keysBox.contentStart + 8;
  for (let i = 0; i < count && p + 8 <= keysBox.end; i++) {
    const size = u32(buf, p, keysBox.end);
    if (!(size >= 8)) break;
    names.push(buf.toString('utf8', p + 8, Math.min(p + size, keysBox.end)));
    p += size;
  }
  for (const item of childBoxes(buf, ilst.contentStart, ilst.end)) {
    const name = names[buf.readUInt32BE(item.start + 4) - 1];
    const data = findChild(buf, item, 'data');
    if (!name || !data) continue;
    const dataType = u32(buf, data.contentStart, data.end) & 0xffffff;
    if (dataType !== 1) continue; // 1 = UTF-8; the keys Encore reads are all text
    values.set(
      name,
      buf
        .toString('utf8', data.contentStart + 8, data.end)
        .replace(/\0/g, '')
        .trim(),
    );
  }
  return values;
}

/** Reads a MOV/MP4's creation time, location, camera and display size. Throws only on I/O errors. */
export async function readQuickTime(path: string): Promise<VideoMetadata> {
  const result: VideoMetadata = {
    createdUtcMs: null,
    creationDate: null,
    location: null,
    make: null,
    model: null,
    width: null,
    height: null,
    rotation: 0,
  };
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = await readMoov(fh, size);
    if (!buf) return result;
    const moov = readBoxHeader(buf, 0);
    if (!moov) return result;
    const children = childBoxes(buf, moov.contentStart, moov.end);
    const mvhd = children.find((b) => b.type === 'mvhd');
    if (mvhd) result.createdUtcMs = mvhdCreated(buf, mvhd);
    for (const trak of children.filter((b) => b.type === 'trak')) {
      const tkhd = findChild(buf, trak, 'tkhd');
      const dims = tkhd ? trackSize(buf, tkhd) : null;
      if (dims) {
        result.width = dims.width;
        result.height = dims.height;
        result.rotation = dims.rotation;
        break;
      }
    }
    const meta = children.find((b) => b.type === 'meta');
    const keys = meta ? appleKeys(buf, meta) : new Map<string, string>();
    result.creationDate = keys.get('com.apple.quicktime.creationdate') ?? null;
    result.location = keys.get('com.apple.quicktime.location.ISO6709') ?? null;
    result.make = keys.get('com.apple.quicktime.make') ?? null;
    result.model = keys.get('com.apple.quicktime.model') ?? null;
    const udta = children.find((b) => b.type === 'udta');
    if (udta) {
      const atoms = childBoxes(buf, udta.contentStart, udta.end);
      const text = (type: string): string | null => {
        const box = atoms.find((b) => b.type === type);
        return box ? udtaString(buf, box) : null;
      };
      result.location ??= text('\u00a9xyz');
      result.make ??= text('\u00a9mak');
      result.model ??= text('\u00a9mod');
      const udtaMeta = findPath(buf, udta, ['meta']);
      if (udtaMeta) {
        const more = appleKeys(buf, udtaMeta);
        result.creationDate ??= more.get('com.apple.quicktime.creationdate') ?? null;
        result.location ??= more.get('com.apple.quicktime.location.ISO6709') ?? null;
      }
    }
    return result;
  } finally {
    await fh.close();
  }
}
