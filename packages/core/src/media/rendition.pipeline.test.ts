import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from './format.sniffer.js';
import { decodeSize, gridSize, previewSize } from './rendition.pipeline.js';
import { renderMedia } from './render.service.js';

async function renderBytes(bytes: Buffer): Promise<Awaited<ReturnType<typeof renderMedia>>> {
  const format = sniffFormat(bytes);
  if (!format) throw new Error('unsniffable test image');
  return renderMedia({ path: `synthetic.${format}`, bytes, format });
}

const gradient = (width: number, height: number, channels: 3 | 4): Buffer => {
  const px = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      px[i] = (x * 255) / width;
      px[i + 1] = (y * 255) / height;
      px[i + 2] = 128;
      if (channels === 4) px[i + 3] = x < width / 2 ? 255 : 64;
    }
  }
  return px;
};

describe('rendition sizes', () => {
  it('grid: 320 on the short side, preview: 1600 on the long side, never upscaled', () => {
    expect(gridSize(4032, 3024)).toEqual({ width: 427, height: 320 });
    expect(previewSize(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(gridSize(200, 100)).toEqual({ width: 200, height: 100 });
    expect(previewSize(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('decodes panoramas large enough for a full-height grid', () => {
    expect(decodeSize(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(decodeSize(12000, 1000)).toEqual({ width: 3840, height: 320 });
  });
});

describe('formats without fixtures', () => {
  it('renders a TIFF, the first frame of a GIF and a 16-bit PNG with alpha', async () => {
    const raw = { raw: { width: 900, height: 600, channels: 3 as const } };
    const tiff = await sharp(gradient(900, 600, 3), raw)
      .tiff()
      .toBuffer();
    const gif = await sharp(gradient(900, 600, 3), raw)
      .gif()
      .toBuffer();
    const png16 = await sharp(gradient(900, 600, 4), {
      raw: { width: 900, height: 600, channels: 4 },
    })
      .png()
      .toColourspace('rgb16')
      .toBuffer();
    for (const bytes of [tiff, gif, png16]) {
      const res = await renderBytes(bytes);
      expect({ width: res.width, height: res.height }).toEqual({ width: 900, height: 600 });
      expect(res.renditions.map((r) => [r.size, r.width, r.height])).toEqual([
        ['grid', 480, 320],
        ['preview', 900, 600],
      ]);
      expect(res.phash).toMatch(/^[0-9a-f]{16}$/);
    }
    const alpha = await sharp((await renderBytes(png16)).renditions[1]?.data).metadata();
    expect(alpha.hasAlpha).toBe(true);
  });

  it('renders a panorama with a full-height grid', async () => {
    const pano = await sharp(gradient(6000, 500, 3), {
      raw: { width: 6000, height: 500, channels: 3 },
    })
      .jpeg()
      .toBuffer();
    const res = await renderBytes(pano);
    expect(res.renditions.map((r) => [r.size, r.width, r.height])).toEqual([
      ['grid', 3840, 320],
      ['preview', 1600, 133],
    ]);
  });
});
