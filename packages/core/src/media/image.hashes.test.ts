import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { dctHash, hammingDistance } from './image.hashes.js';
import { fixturePath } from './testing/fixtures-manifest.js';

async function grey32(input: Buffer | string): Promise<Buffer> {
  return sharp(input).rotate().resize(32, 32, { fit: 'fill' }).greyscale().raw().toBuffer();
}

describe('dctHash', () => {
  it('is 16 lowercase hex digits and deterministic', async () => {
    const g = await grey32(fixturePath('jpeg_gps/ianare__DSCN0010.jpg'));
    const h = dctHash(g);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(dctHash(g)).toBe(h);
  });

  it('barely moves when a photo is re-encoded and resized', async () => {
    const file = fixturePath('jpeg_gps/mei__Nikon_D5000.jpg');
    const original = dctHash(await grey32(file));
    const smaller = await sharp(file).resize(300).jpeg({ quality: 40 }).toBuffer();
    const webp = await sharp(file).resize(600).webp({ quality: 50 }).toBuffer();
    expect(hammingDistance(original, dctHash(await grey32(smaller)))).toBeLessThanOrEqual(6);
    expect(hammingDistance(original, dctHash(await grey32(webp)))).toBeLessThanOrEqual(6);
  });

  it('tells different photos apart', async () => {
    const files = [
      'jpeg_gps/ianare__DSCN0010.jpg',
      'jpeg_gps/mei__Nikon_D5000.jpg',
      'jpeg_gps/photoprism__elephants.jpg',
      'jpeg_gps/mei__Apple_iPhone_4.jpg',
      'orientation/recurser__Landscape_1.jpg',
    ];
    const hashes = await Promise.all(files.map(async (f) => dctHash(await grey32(fixturePath(f)))));
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++)
        expect(hammingDistance(hashes[i] as string, hashes[j] as string)).toBeGreaterThanOrEqual(
          16,
        );
    }
  });

  it('rejects input that is not 32x32 greyscale', () => {
    expect(() => dctHash(Buffer.alloc(100))).toThrow(RangeError);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
  });
});
