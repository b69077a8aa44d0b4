// Real WebP thumbnails (and ThumbHashes) for the fake engine's photos, so the grid in e2e
// shows images the way the real cache would.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import type { FakeEngine } from './fake-engine.js';

const PALETTE: [number, number, number][] = [
  [232, 74, 95],
  [255, 161, 90],
  [255, 214, 102],
  [84, 199, 152],
  [72, 149, 239],
  [142, 94, 222],
];

function gradient(w: number, h: number, i: number): Buffer {
  const a = PALETTE[i % PALETTE.length] ?? [0, 0, 0];
  const b = PALETTE[(i * 5 + 2) % PALETTE.length] ?? [255, 255, 255];
  const px = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = (x + y) / (w + h - 2);
      const o = (y * w + x) * 4;
      px[o] = Math.round(a[0] + (b[0] - a[0]) * t);
      px[o + 1] = Math.round(a[1] + (b[1] - a[1]) * t);
      px[o + 2] = Math.round(a[2] + (b[2] - a[2]) * t);
      px[o + 3] = 255;
    }
  }
  return px;
}

/**
 * Writes `<id>-grid.webp` and `<id>-preview.webp` for every photo (filling in thumbhash),
 * and `<id>-remote-thumb.webp` / `-remote-preview.webp` for every remote starred photo.
 */
export async function writeFakeThumbnails(engine: FakeEngine, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  engine.thumbDir = dir;
  await Promise.all(
    engine.photos.map(async (photo, i) => {
      const small = gradient(32, 24, i);
      photo.thumbhash = Buffer.from(rgbaToThumbHash(32, 24, small)).toString('base64');
      const raw = { raw: { width: 32, height: 24, channels: 4 as const } };
      await sharp(small, raw)
        .resize(256, 192)
        .webp()
        .toFile(path.join(dir, `${photo.id}-grid.webp`));
      await sharp(small, raw)
        .resize(1024, 768)
        .webp()
        .toFile(path.join(dir, `${photo.id}-preview.webp`));
    }),
  );
  await Promise.all(
    engine.remote.map(async (photo, i) => {
      const small = gradient(32, 24, i + 3);
      const raw = { raw: { width: 32, height: 24, channels: 4 as const } };
      await sharp(small, raw)
        .resize(256, 192)
        .webp()
        .toFile(path.join(dir, `${photo.id}-remote-thumb.webp`));
      await sharp(small, raw)
        .resize(1024, 768)
        .webp()
        .toFile(path.join(dir, `${photo.id}-remote-preview.webp`));
    }),
  );
}
