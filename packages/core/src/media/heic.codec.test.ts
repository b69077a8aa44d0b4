import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MediaError } from '../domain/errors.js';
import { HeicFile } from './heic.codec.js';
import { heifTruncation } from './isobmff.reader.js';
import { renderMedia } from './render.service.js';
import { fixturePath } from './testing/fixtures-manifest.js';

const iphone = fs.readFileSync(fixturePath('heic/mei__IMG_1034.heic'));

/** Small deterministic PRNG so a failing case can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function outcome(bytes: Buffer): Promise<'ok' | string> {
  try {
    await renderMedia({ path: 'fuzzed.heic', bytes, format: 'heic', sizes: ['grid'] });
    return 'ok';
  } catch (err) {
    if (err instanceof MediaError) return err.code;
    throw err; // anything else is a bug: the caller would see a raw exception
  }
}

describe('HeicFile', () => {
  it('decodes the embedded thumbnail into a TIFF sharp reads with its ICC profile', async () => {
    const file = HeicFile.open(iphone, 'IMG_1034.heic');
    try {
      expect(file.size).toEqual({ width: 4032, height: 3024 });
      expect(file.thumbnailSize()).toEqual({ width: 320, height: 240 });
      const thumb = file.decodeThumbnail(1);
      expect(thumb).toBeDefined();
      const meta = await sharp(thumb?.container).metadata();
      expect(meta).toMatchObject({ format: 'tiff', width: 320, height: 240, channels: 3 });
      expect(meta.icc?.length).toBeGreaterThan(100); // Display P3 from the file
    } finally {
      file.close();
    }
  });

  it('reports truncated files before decoding them', () => {
    expect(heifTruncation(iphone)).toBeUndefined();
    expect(heifTruncation(iphone.subarray(0, iphone.length - 1000))).toMatch(/truncated/);
    expect(() => HeicFile.open(iphone.subarray(0, 200_000), 'cut.heic')).toThrow(/truncated/);
  });
});

describe('HEIC decoding never takes the process down', () => {
  it('turns truncated and byte-flipped files into MediaErrors or pictures, and keeps working after', async () => {
    const random = mulberry32(487);
    const outcomes = new Map<string, number>();
    const note = (o: string): void => void outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
    for (const cut of [0, 8, 24, 100, 1000, 3000, 4000])
      note(await outcome(iphone.subarray(0, cut)));
    for (let i = 0; i < 24; i++) {
      const bytes = Buffer.from(iphone);
      // Damage the metadata region (boxes, item locations, hvcC) where parsers are most fragile.
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++)
        bytes[Math.floor(random() * 4000)] = Math.floor(random() * 256);
      note(await outcome(bytes));
    }
    expect([...outcomes.keys()].every((o) => o === 'ok' || o === 'DECODE_FAILED')).toBe(true);
    expect(outcomes.get('DECODE_FAILED')).toBeGreaterThan(0);
    // The thread's decoder still works after all that.
    const res = await renderMedia({
      path: 'IMG_1034.heic',
      bytes: iphone,
      format: 'heic',
      sizes: ['grid'],
    });
    expect(res.usedEmbeddedThumbnail).toBe(true);
  });
});
