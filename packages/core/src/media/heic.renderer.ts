// HEIC rendering. The grid comes from the HEVC thumbnail item iPhones embed (a few ms to decode)
// and is delivered before this thread decodes the 12 MP primary image in WASM for the preview,
// so the grid is ready ~30x sooner than the preview.
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { exifOrientation } from './tiff.reader.js';
import { HeicFile } from './heic.codec.js';
import type { HeicPixels, Size } from './heic.codec.js';
import { heifHasTransformProperty } from './isobmff.reader.js';
import { decodeFailed } from './media.errors.js';
import { orientedSize } from './orientation.js';
import {
  decodeSize,
  encodeGrid,
  gridSize,
  hashImage,
  probeMetadata,
  renderFromRaw,
  toRawImage,
} from './rendition.pipeline.js';
import type { RawImage } from './rendition.pipeline.js';
import type { Rendition, RenderResult, ThumbnailSize } from './types.js';

/**
 * Embedded thumbnails smaller than this on the short side are not used for the grid. iPhones
 * store 320x240, so their grid is 240 px on the short side rather than 320: a trade we take for
 * a grid that costs milliseconds instead of a full decode.
 */
export const MIN_EMBEDDED_SHORT_SIDE = 240;
/** A thumbnail whose shape differs from the primary's is a crop or another picture: skip it. */
const MAX_ASPECT_DIFFERENCE = 0.02;

export async function renderHeic(
  path: string,
  bytes: Buffer,
  sizes: readonly ThumbnailSize[],
  onRendition?: (r: Rendition) => void,
): Promise<RenderResult> {
  // sharp reads HEIF headers (not pixels) without an HEVC decoder: that is where EXIF/XMP come from.
  const meta = await probeMetadata(bytes);
  const orientation = exifOrientation(meta?.exif);
  // libheif applies irot/imir; a file without them (some edited iPhone 7 photos) carries its
  // rotation only in EXIF, which we then apply ourselves.
  const extraOrientation = heifHasTransformProperty(bytes) ? 1 : orientation;
  const metaFields = {
    ...(meta?.exif ? { exif: meta.exif } : {}),
    ...(meta?.xmp ? { xmp: meta.xmp } : {}),
  };

  const file = HeicFile.open(bytes, path);
  try {
    const shown = orientedSize(file.size.width, file.size.height, extraOrientation);
    let grid: Promise<Rendition> | undefined;
    let thumbImage: Promise<RawImage> | undefined;
    if (sizes.includes('grid')) {
      if (usableThumbnail(file)) {
        const pixels = file.decodeThumbnail(extraOrientation);
        if (pixels) {
          thumbImage = rawFrom(pixels, extraOrientation, gridSize);
          grid = thumbImage.then(encodeGrid);
          if (onRendition) grid = grid.then((r) => (onRendition(r), r));
          // Don't let a rejection go unobserved while the primary decodes.
          grid.catch(() => undefined);
        }
      }
    }
    const usedEmbeddedThumbnail = grid !== undefined;
    const common = {
      ...shown,
      orientation,
      ...metaFields,
      usedEmbeddedThumbnail,
      placeholder: false,
    };

    if (!sizes.includes('preview') && grid && thumbImage) {
      file.close();
      const [rendition, hashes] = await Promise.all([grid, thumbImage.then(hashImage)]);
      return { ...common, renditions: [rendition], ...hashes };
    }
    // Let the grid land (and onRendition post it) before the primary decode blocks this thread
    // for ~1 s of synchronous WASM: otherwise its callback would wait for the preview.
    if (grid) await grid;
    const primary = file.decodePrimary(extraOrientation);
    file.close(); // frees the WASM heap copy of the file before sharp's work
    const img = await rawFrom(primary, extraOrientation, decodeSize);
    const out = await renderFromRaw(img, sizes, onRendition, grid);
    return { ...common, ...out };
  } catch (err) {
    throw decodeFailed(path, 'heic', err);
  } finally {
    file.close();
  }
}

/** The embedded thumbnail when it is big enough and has the primary's shape (both as libheif shows them). */
function usableThumbnail(file: HeicFile): Size | undefined {
  const thumb = file.thumbnailSize();
  if (!thumb) return undefined;
  const primary = file.size;
  const aspect = primary.width / primary.height;
  const sameShape = Math.abs(thumb.width / thumb.height - aspect) <= MAX_ASPECT_DIFFERENCE * aspect;
  return Math.min(thumb.width, thumb.height) >= MIN_EMBEDDED_SHORT_SIDE && sameShape
    ? thumb
    : undefined;
}

/** Decoded HEIC pixels -> upright sRGB working image; `size` picks the target from the displayed size. */
function rawFrom(
  pixels: HeicPixels,
  orientation: number,
  size: (w: number, h: number) => Size,
): Promise<RawImage> {
  const shown = orientedSize(pixels.width, pixels.height, orientation);
  const pipeline: Sharp = sharp(pixels.container).rotate();
  return toRawImage(pipeline, size(shown.width, shown.height));
}
