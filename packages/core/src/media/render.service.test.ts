import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MediaError } from '../domain/errors.js';
import { mediaKind } from './format.js';
import { HeicFile } from './heic.codec.js';
import { dctHash, hammingDistance } from './image.hashes.js';
import { renderMedia } from './render.service.js';
import { fixturePath, readManifest } from './testing/fixtures-manifest.js';
import type { ManifestRow } from './testing/fixtures-manifest.js';
import type { RenderResult, Rendition } from './types.js';

const manifest = readManifest();
const renderable = manifest.filter((r) => r.category !== 'malformed' || r.decodes);
const failing = manifest.filter((r) => !r.decodes);

const cache = new Map<string, Promise<RenderResult>>();
function render(file: string): Promise<RenderResult> {
  let p = cache.get(file);
  if (!p) {
    const row = manifest.find((r) => r.file === file);
    if (!row) throw new Error(`not in manifest: ${file}`);
    p = renderMedia({
      path: fixturePath(file),
      format: row.format,
      ...(mediaKind(row.format) === 'video' ? {} : { bytes: fs.readFileSync(fixturePath(file)) }),
    });
    cache.set(file, p);
  }
  return p;
}

function rendition(res: RenderResult, size: Rendition['size']): Rendition {
  const r = res.renditions.find((x) => x.size === size);
  if (!r) throw new Error(`no ${size} rendition`);
  return r;
}

/** Size as displayed: the manifest stores exiftool's stored size plus the orientation. */
function expectedSize(row: ManifestRow): { width: number; height: number } | undefined {
  if (row.width === undefined || row.height === undefined) return undefined;
  // The iPhone MOV has a 90 degree track matrix (exiftool Composite:Rotation 90).
  if (row.file === 'video/mei__with-gps.mov') return { width: row.height, height: row.width };
  return row.orientation >= 5
    ? { width: row.height, height: row.width }
    : { width: row.width, height: row.height };
}

async function phashOf(webp: Buffer): Promise<string> {
  return dctHash(await sharp(webp).resize(32, 32, { fit: 'fill' }).greyscale().raw().toBuffer());
}

describe('renderMedia on every fixture that a reference decoder can read', () => {
  for (const row of renderable) {
    it(`${row.file}: displayed size, WebP renditions within bounds`, async () => {
      const res = await render(row.file);
      const expected = expectedSize(row);
      if (expected) expect({ width: res.width, height: res.height }).toEqual(expected);
      expect(res.renditions.map((r) => r.size).sort()).toEqual(['grid', 'preview']);
      for (const r of res.renditions) {
        expect(r.mime).toBe('image/webp');
        expect(r.data.toString('latin1', 0, 4)).toBe('RIFF');
        expect(r.data.toString('latin1', 8, 12)).toBe('WEBP');
        const meta = await sharp(r.data).metadata();
        expect({ width: meta.width, height: meta.height }).toEqual({
          width: r.width,
          height: r.height,
        });
        // Never upscaled, and the picture keeps its shape.
        expect(r.width).toBeLessThanOrEqual(res.width);
        expect(r.height).toBeLessThanOrEqual(res.height);
        expect(Math.abs(r.width / r.height - res.width / res.height)).toBeLessThan(
          0.02 * (res.width / res.height) + 1 / r.height,
        );
      }
      const grid = rendition(res, 'grid');
      const preview = rendition(res, 'preview');
      expect(Math.min(grid.width, grid.height)).toBeLessThanOrEqual(320);
      expect(Math.max(preview.width, preview.height)).toBeLessThanOrEqual(1600);
      if (!res.usedEmbeddedThumbnail && !res.placeholder) {
        expect(Math.min(grid.width, grid.height)).toBe(Math.min(320, res.width, res.height));
      }
      // RAW previews come from the camera's embedded JPEG, which may be smaller than the sensor image.
      if (mediaKind(row.format) !== 'raw')
        expect(Math.max(preview.width, preview.height)).toBe(
          Math.min(1600, Math.max(res.width, res.height)),
        );
      expect(Buffer.from(res.thumbhash, 'base64').length).toBeGreaterThan(4);
      if (res.placeholder) expect(res.phash).toBeNull();
      else expect(res.phash).toMatch(/^[0-9a-f]{16}$/);
    });
  }
});

describe('orientation', () => {
  it('renders all eight EXIF orientations of the same photo upright', async () => {
    const upright = await render('orientation/recurser__Landscape_1.jpg');
    for (let n = 2; n <= 8; n++) {
      const res = await render(`orientation/recurser__Landscape_${n}.jpg`);
      expect(res.orientation).toBe(n);
      expect({ width: res.width, height: res.height }).toEqual({ width: 1800, height: 1200 });
      expect(
        hammingDistance(res.phash as string, upright.phash as string),
        `Landscape_${n}`,
      ).toBeLessThanOrEqual(4);
    }
  });

  it('finds the same photo as JPEG and as WebP (small hash distance), and other photos far away', async () => {
    const jpeg = await render('jpeg_gps/mei__HTC_Desire.jpg');
    const webp = await render('other_formats/mei__HTC_Desire.webp');
    const other = await render('jpeg_gps/mei__Nikon_D5000.jpg');
    expect(hammingDistance(jpeg.phash as string, webp.phash as string)).toBeLessThanOrEqual(4);
    expect(hammingDistance(jpeg.phash as string, other.phash as string)).toBeGreaterThanOrEqual(16);
  });
});

describe('malformed files', () => {
  for (const row of failing) {
    it(`${row.file} fails with DECODE_FAILED (reference: ${row.decodeCheck.slice(0, 50)})`, async () => {
      const err = await render(row.file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MediaError);
      expect((err as MediaError).code).toBe('DECODE_FAILED');
      expect((err as MediaError).message).toContain(row.file.split('/')[1]);
    });
  }

  it('names the libjpeg problem for a truncated JPEG', async () => {
    await expect(render('malformed/pillow__truncated_jpeg.jpg')).rejects.toThrow(
      /premature end of JPEG/i,
    );
  });
});

describe('HEIC', () => {
  const heics = manifest.filter((r) => r.category === 'heic');

  it('uses the embedded thumbnail for the grid when the file has one, and it is right-side up', async () => {
    let withThumb = 0;
    for (const row of heics) {
      const file = HeicFile.open(fs.readFileSync(fixturePath(row.file)), row.file);
      const thumb = file.thumbnailSize();
      file.close();
      const res = await render(row.file);
      expect(res.usedEmbeddedThumbnail, row.file).toBe(
        thumb !== undefined && Math.min(thumb.width, thumb.height) >= 240,
      );
      if (res.usedEmbeddedThumbnail) withThumb++;
      const [g, p] = await Promise.all([
        phashOf(rendition(res, 'grid').data),
        phashOf(rendition(res, 'preview').data),
      ]);
      expect(hammingDistance(g, p), row.file).toBeLessThanOrEqual(8);
      expect(res.exif?.length, row.file).toBeGreaterThan(100);
    }
    expect(withThumb).toBeGreaterThanOrEqual(5);
  });

  it('applies EXIF orientation when the HEIF has no irot (edited iPhone 7 file)', async () => {
    const res = await render('heic/photoprism__iphone_7.heic');
    expect(res.orientation).toBe(6);
    expect({ width: res.width, height: res.height }).toEqual({ width: 3024, height: 4032 });
  });

  it('announces the grid before the preview, and can make the grid alone', async () => {
    const bytes = fs.readFileSync(fixturePath('heic/mei__IMG_1034.heic'));
    const order: string[] = [];
    await renderMedia({
      path: 'IMG_1034.heic',
      bytes,
      format: 'heic',
      onRendition: (r) => order.push(r.size),
    });
    expect(order).toEqual(['grid', 'preview']);
    const gridOnly = await renderMedia({
      path: 'IMG_1034.heic',
      bytes,
      format: 'heic',
      sizes: ['grid'],
    });
    expect(gridOnly.renditions.map((r) => r.size)).toEqual(['grid']);
    expect(gridOnly.usedEmbeddedThumbnail).toBe(true);
    expect(
      hammingDistance(
        gridOnly.phash as string,
        (await render('heic/mei__IMG_1034.heic')).phash as string,
      ),
    ).toBeLessThanOrEqual(6);
  });
});

describe('RAW and video', () => {
  it('renders the real DNG from its embedded preview', async () => {
    const res = await render('raw/photoprism__canon_eos_6d.dng');
    expect(res.placeholder).toBe(false);
    expect(res.usedEmbeddedThumbnail).toBe(true);
    expect({ width: res.width, height: res.height }).toEqual({ width: 1224, height: 816 });
  });

  it('keeps stripped RAW files as placeholders with their real size', async () => {
    for (const file of [
      'raw/exiftool__CanonRaw.cr2',
      'raw/exiftool__Nikon.nef',
      'raw/exiftool__DNG.dng',
    ]) {
      const res = await render(file);
      expect(res.placeholder, file).toBe(true);
      expect(res.phash, file).toBeNull();
    }
  });

  it('gives videos a placeholder shaped like the video', async () => {
    const mov = await render('video/mei__with-gps.mov');
    expect(mov.placeholder).toBe(true);
    expect(rendition(mov, 'grid')).toMatchObject({ width: 320, height: 568 });
    const mp4 = await render('video/mei__with-gps.mp4');
    expect(rendition(mp4, 'preview')).toMatchObject({ width: 1600, height: 900 });
  });

  it('reports an unreadable path as READ_FAILED', async () => {
    await expect(
      renderMedia({ path: '/nonexistent/photo.jpg', format: 'jpeg' }),
    ).rejects.toMatchObject({ code: 'READ_FAILED' });
  });
});

describe('colour', () => {
  it('converts an embedded Display P3 profile to sRGB', async () => {
    const px = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < px.length; i += 3) px.set([60, 180, 60], i);
    // sRGB pixels tagged and converted to P3 on write: rendering must convert them back.
    const p3 = await sharp(px, { raw: { width: 64, height: 64, channels: 3 } })
      .withIccProfile('p3')
      .jpeg({ quality: 100 })
      .toBuffer();
    const stored = await sharp(p3, { ignoreIcc: true }).raw().toBuffer();
    expect(Math.abs((stored[0] as number) - 60)).toBeGreaterThan(10); // really stored as P3 values
    const res = await renderMedia({ path: 'p3.jpg', bytes: p3, format: 'jpeg' });
    const out = await sharp(rendition(res, 'preview').data).raw().toBuffer();
    expect(Math.abs((out[0] as number) - 60)).toBeLessThanOrEqual(4);
    expect(Math.abs((out[1] as number) - 180)).toBeLessThanOrEqual(4);
  });
});
