// Turns one decode into every output. The source is decoded once, straight to preview size
// (letting libjpeg's DCT scaling do most of the shrinking), upright and in sRGB; the grid
// thumbnail, ThumbHash and DCT hash are then cut from that small raw buffer, never from the
// original again.
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { PHASH_INPUT_SIDE, THUMBHASH_MAX_SIDE, dctHash, thumbHashBase64 } from './image.hashes.js';
import { THUMBNAIL_SIZES } from './types.js';
import type { Rendition, ThumbnailSize } from './types.js';

/** Decoded, upright, sRGB, 8-bit pixels. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * WebP encoding is the largest cost after decoding. Measured on 12 MP fixtures: default effort 4
 * takes ~140 ms for a 1600 px preview, effort 1 ~45 ms for files ~7% larger than effort 2 (~56 ms).
 * Grids are small, so they get the better compression.
 */
const GRID_WEBP = { quality: 78, effort: 2 } as const;
const PREVIEW_WEBP = { quality: 78, effort: 1 } as const;
const GRID_SHORT = THUMBNAIL_SIZES.grid.shortSide;
const PREVIEW_LONG = THUMBNAIL_SIZES.preview.longSide;

/** Grid size for a picture: short side 320, never upscaled. */
export function gridSize(width: number, height: number): { width: number; height: number } {
  return scaled(width, height, Math.min(1, GRID_SHORT / Math.min(width, height)));
}

/** Preview size: long side 1600, never upscaled. */
export function previewSize(width: number, height: number): { width: number; height: number } {
  return scaled(width, height, Math.min(1, PREVIEW_LONG / Math.max(width, height)));
}

/**
 * Size to decode an image to so both renditions can be cut from it: the preview size, unless the
 * picture is so elongated (a panorama) that the preview's short side would be below the grid's.
 */
export function decodeSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(
    1,
    Math.max(PREVIEW_LONG / Math.max(width, height), GRID_SHORT / Math.min(width, height)),
  );
  return scaled(width, height, scale);
}

function scaled(width: number, height: number, scale: number): { width: number; height: number } {
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * Finishes a decode pipeline (already oriented by the caller) into the raw working image.
 * `target` is the displayed size to resize to; sharp picks shrink-on-load from it.
 */
export async function toRawImage(
  pipeline: Sharp,
  target: { width: number; height: number },
): Promise<RawImage> {
  const { data, info } = await pipeline
    .resize(target.width, target.height, { fit: 'fill', fastShrinkOnLoad: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
}

/** Header metadata (size, EXIF, XMP) or undefined: for callers that can do without it. */
export async function probeMetadata(bytes: Buffer): Promise<sharp.Metadata | undefined> {
  try {
    // sharp() itself throws synchronously on empty or unrecognised input.
    return await sharp(bytes, { failOn: 'error' }).metadata();
  } catch {
    return undefined;
  }
}

function fromRaw(img: RawImage): Sharp {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });
}

async function encode(
  img: RawImage,
  size: ThumbnailSize,
  target: { width: number; height: number },
): Promise<Rendition> {
  let pipeline = fromRaw(img);
  if (target.width !== img.width || target.height !== img.height)
    pipeline = pipeline.resize(target.width, target.height, { fit: 'fill' });
  const { data, info } = await pipeline
    .webp(size === 'grid' ? GRID_WEBP : PREVIEW_WEBP)
    .toBuffer({ resolveWithObject: true });
  return { size, data, width: info.width, height: info.height, mime: 'image/webp' };
}

export function encodeGrid(img: RawImage): Promise<Rendition> {
  return encode(img, 'grid', gridSize(img.width, img.height));
}

export function encodePreview(img: RawImage): Promise<Rendition> {
  return encode(img, 'preview', previewSize(img.width, img.height));
}

export interface ImageHashes {
  thumbhash: string;
  phash: string;
}

export async function hashImage(img: RawImage): Promise<ImageHashes> {
  const [thumb, grey] = await Promise.all([
    fromRaw(img)
      .resize(THUMBHASH_MAX_SIDE, THUMBHASH_MAX_SIDE, { fit: 'inside' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
    fromRaw(img)
      .flatten({ background: '#ffffff' })
      .resize(PHASH_INPUT_SIDE, PHASH_INPUT_SIDE, { fit: 'fill' })
      .greyscale()
      .raw()
      .toBuffer(),
  ]);
  if (grey.length !== PHASH_INPUT_SIDE * PHASH_INPUT_SIDE)
    throw new Error(`expected one grey channel for the DCT hash, got ${grey.length} bytes`);
  return {
    thumbhash: thumbHashBase64(thumb.info.width, thumb.info.height, thumb.data),
    phash: dctHash(grey),
  };
}

export interface Renditions extends ImageHashes {
  renditions: Rendition[];
}

/**
 * Every requested rendition plus the hashes from one working image. A grid made earlier from an
 * embedded thumbnail (HEIC) is passed in and kept; `onRendition` hears of each as it lands.
 */
export async function renderFromRaw(
  img: RawImage,
  sizes: readonly ThumbnailSize[],
  onRendition?: (r: Rendition) => void,
  readyGrid?: Promise<Rendition>,
): Promise<Renditions> {
  const announce = (p: Promise<Rendition>): Promise<Rendition> =>
    onRendition ? p.then((r) => (onRendition(r), r)) : p;
  const jobs: Promise<Rendition>[] = [];
  if (sizes.includes('grid')) jobs.push(readyGrid ?? announce(encodeGrid(img)));
  if (sizes.includes('preview')) jobs.push(announce(encodePreview(img)));
  const [renditions, hashes] = await Promise.all([Promise.all(jobs), hashImage(img)]);
  return { renditions, ...hashes };
}
