// Reads a video's display size from its track header (moov/trak/tkhd) without a video decoder,
// so the placeholder tile has the video's shape. Videos can be gigabytes: only box headers and
// the moov box are read from disk.
import { open } from 'node:fs/promises';
import { boxes, findBox } from './isobmff.reader.js';

export interface VideoGeometry {
  /** Display size (after the track matrix rotation); 0 when unknown. */
  width: number;
  height: number;
  /** Clockwise rotation in degrees from the track matrix: 0, 90, 180 or 270. */
  rotation: number;
}

/** moov boxes are kilobytes to a few megabytes; more than this is a broken or hostile file. */
const MAX_MOOV_BYTES = 64 << 20;
const MAX_TOP_LEVEL_BOXES = 1000;
const UNKNOWN: VideoGeometry = { width: 0, height: 0, rotation: 0 };

export async function probeVideo(path: string, bytes?: Buffer): Promise<VideoGeometry> {
  const moov = bytes ? moovFromBuffer(bytes) : await moovFromFile(path);
  return moov ? geometryFromMoov(moov) : UNKNOWN;
}

function moovFromBuffer(bytes: Buffer): Buffer | undefined {
  const box = findBox(bytes, 'moov');
  return box ? bytes.subarray(box.payload, box.end) : undefined;
}

async function moovFromFile(path: string): Promise<Buffer | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(16);
    let at = 0;
    for (let i = 0; i < MAX_TOP_LEVEL_BOXES && at + 8 <= size; i++) {
      const { bytesRead } = await file.read(header, 0, 16, at);
      if (bytesRead < 8) return undefined;
      let boxSize = header.readUInt32BE(0);
      let headerSize = 8;
      if (boxSize === 1 && bytesRead >= 16) {
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) {
        boxSize = size - at;
      }
      if (boxSize < headerSize) return undefined;
      if (header.toString('latin1', 4, 8) === 'moov') {
        const length = Math.min(boxSize - headerSize, size - at - headerSize);
        if (length > MAX_MOOV_BYTES) return undefined;
        const moov = Buffer.alloc(length);
        await file.read(moov, 0, length, at + headerSize);
        return moov;
      }
      at += boxSize;
    }
    return undefined;
  } finally {
    await file.close();
  }
}

/** The first track with a non-zero size is the video track (audio tracks are 0x0). */
function geometryFromMoov(moov: Buffer): VideoGeometry {
  for (const trak of boxes(moov)) {
    if (trak.type !== 'trak') continue;
    const tkhd = findBox(moov, 'tkhd', trak.payload, trak.end);
    if (!tkhd) continue;
    const g = readTkhd(moov, tkhd.payload, tkhd.end);
    if (g && g.width > 0 && g.height > 0) return g;
  }
  return UNKNOWN;
}

function readTkhd(buf: Buffer, at: number, end: number): VideoGeometry | undefined {
  const version = buf[at];
  // version 0 uses 32-bit times, version 1 64-bit ones; the matrix and size follow them.
  const matrixAt = at + (version === 1 ? 52 : 40);
  const sizeAt = matrixAt + 36;
  if (sizeAt + 8 > end) return undefined;
  const a = buf.readInt32BE(matrixAt) / 65536;
  const b = buf.readInt32BE(matrixAt + 4) / 65536;
  const width = Math.round(buf.readUInt32BE(sizeAt) / 65536);
  const height = Math.round(buf.readUInt32BE(sizeAt + 4) / 65536);
  const rotation = (((Math.round((Math.atan2(b, a) * 180) / Math.PI / 90) * 90) % 360) + 360) % 360;
  const swap = rotation === 90 || rotation === 270;
  return { width: swap ? height : width, height: swap ? width : height, rotation };
}
