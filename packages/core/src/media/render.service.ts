// renderMedia: one file in, every rendition and hash out. Picks the decoder by format (sharp for
// JPEG/PNG/WebP/AVIF/TIFF/GIF, libheif WASM for HEIC, embedded JPEGs for RAW, a placeholder for
// video) and hands one decoded working image to the rendition pipeline.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { MediaError } from '../domain/errors.js';
import { mediaKind } from './format.js';
import type { RawFormat } from './format.js';
import { renderHeic } from './heic.renderer.js';
import { decodeFailed, SHARP_INPUT_OPTIONS } from './media.errors.js';
import { applyOrientation, orientedSize } from './orientation.js';
import { renderPlaceholder } from './placeholder.renderer.js';
import { findRawPreviews } from './raw.preview.js';
import { decodeSize, probeMetadata, renderFromRaw, toRawImage } from './rendition.pipeline.js';
import type { RawImage } from './rendition.pipeline.js';
import type { RenderInput, RenderResult, ThumbnailSize } from './types.js';
import { probeVideo } from './video.probe.js';

const ALL_SIZES: readonly ThumbnailSize[] = ['grid', 'preview'];

export async function renderMedia(input: RenderInput): Promise<RenderResult> {
  const sizes = input.sizes ?? ALL_SIZES;
  const kind = mediaKind(input.format);
  try {
    if (kind === 'video') return await renderVideo(input, sizes);
    const bytes = input.bytes ?? (await readBytes(input.path));
    if (kind === 'raw') return await renderRaw(input, bytes, sizes);
    if (input.format === 'heic')
      return await renderHeic(input.path, bytes, sizes, input.onRendition);
    return await renderImage(input, bytes, sizes);
  } catch (err) {
    // Every failure leaves as a MediaError with a stable code, whatever library raised it.
    throw decodeFailed(input.path, input.format, err);
  }
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new MediaError(
      'READ_FAILED',
      `Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
      { path },
      { cause: err },
    );
  }
}

/** JPEG, PNG, WebP, AVIF, TIFF, GIF (first frame): everything sharp's libvips decodes itself. */
async function renderImage(
  input: RenderInput,
  bytes: Buffer,
  sizes: readonly ThumbnailSize[],
): Promise<RenderResult> {
  const { path, format } = input;
  let img: RawImage;
  let meta: sharp.Metadata;
  try {
    // The header read is ~1 ms and tells us the size to decode to and the orientation.
    meta = await sharp(bytes, SHARP_INPUT_OPTIONS).metadata();
    const orientation = meta.orientation ?? 1;
    const shown = orientedSize(meta.width ?? 0, meta.height ?? 0, orientation);
    if (!shown.width || !shown.height) throw new Error('the file declares no image size');
    img = await toRawImage(
      sharp(bytes, SHARP_INPUT_OPTIONS).rotate(),
      decodeSize(shown.width, shown.height),
    );
    const out = await renderFromRaw(img, sizes, input.onRendition);
    return {
      ...shown,
      orientation,
      ...out,
      ...(meta.exif ? { exif: meta.exif } : {}),
      ...(meta.xmp ? { xmp: meta.xmp } : {}),
      usedEmbeddedThumbnail: false,
      placeholder: false,
    };
  } catch (err) {
    throw decodeFailed(path, format, err);
  }
}

/** Below this the "preview" is an icon (exiftool's stubs carry 8x8 ones): a placeholder is kinder. */
const MIN_RAW_PREVIEW_LONG_SIDE = 160;

/**
 * RAW: render from the largest embedded JPEG that decodes, oriented by the RAW's own tag; a DNG
 * without one goes to sharp (libvips reads linear DNGs as TIFF). A RAW with no usable picture
 * (exiftool's stripped test files) still becomes a library item with a placeholder and its real
 * dimensions, because the photo exists and the user may have the RAW decoder elsewhere.
 */
async function renderRaw(
  input: RenderInput,
  bytes: Buffer,
  sizes: readonly ThumbnailSize[],
): Promise<RenderResult> {
  const info = findRawPreviews(bytes, input.format as RawFormat);
  const meta = await probeMetadata(bytes);
  const exifFields = {
    ...(meta?.exif ? { exif: meta.exif } : {}),
    ...(meta?.xmp ? { xmp: meta.xmp } : {}),
  };
  const fullSize = (fallback: {
    width: number;
    height: number;
  }): { width: number; height: number } =>
    info.width && info.height ? orientedSize(info.width, info.height, info.orientation) : fallback;

  for (const jpeg of info.jpegs) {
    try {
      const jm = await sharp(jpeg, SHARP_INPUT_OPTIONS).metadata();
      const shown = orientedSize(jm.width ?? 0, jm.height ?? 0, info.orientation);
      if (Math.max(shown.width, shown.height) < MIN_RAW_PREVIEW_LONG_SIDE) continue;
      const img = await toRawImage(
        applyOrientation(sharp(jpeg, SHARP_INPUT_OPTIONS), info.orientation),
        decodeSize(shown.width, shown.height),
      );
      const out = await renderFromRaw(img, sizes, input.onRendition);
      return {
        ...fullSize(shown),
        orientation: info.orientation,
        ...out,
        ...exifFields,
        usedEmbeddedThumbnail: true,
        placeholder: false,
      };
    } catch {
      // A broken preview: try the next one, then the fallbacks.
    }
  }
  if (
    (input.format === 'dng' || input.format === 'raw') &&
    meta &&
    Math.max(meta.width ?? 0, meta.height ?? 0) >= MIN_RAW_PREVIEW_LONG_SIDE
  ) {
    try {
      const rendered = await renderImage(input, bytes, sizes);
      return { ...rendered, ...fullSize(rendered), ...exifFields };
    } catch {
      // Compressed or mosaic DNG data libvips cannot develop: fall through to the placeholder.
    }
  }
  const shown = fullSize(orientedSize(meta?.width ?? 0, meta?.height ?? 0, info.orientation));
  return renderPlaceholderResult(
    'raw',
    shown.width,
    shown.height,
    info.orientation,
    sizes,
    input,
    exifFields,
  );
}

async function renderVideo(
  input: RenderInput,
  sizes: readonly ThumbnailSize[],
): Promise<RenderResult> {
  const geometry = await probeVideo(input.path, input.bytes).catch(() => ({
    width: 0,
    height: 0,
    rotation: 0,
  }));
  const orientation = ({ 90: 6, 180: 3, 270: 8 } as Record<number, number>)[geometry.rotation] ?? 1;
  return renderPlaceholderResult(
    'video',
    geometry.width,
    geometry.height,
    orientation,
    sizes,
    input,
    {},
  );
}

async function renderPlaceholderResult(
  kind: 'video' | 'raw',
  width: number,
  height: number,
  orientation: number,
  sizes: readonly ThumbnailSize[],
  input: RenderInput,
  extra: Pick<RenderResult, 'exif' | 'xmp'>,
): Promise<RenderResult> {
  const img = await renderPlaceholder(kind, width, height);
  const out = await renderFromRaw(img, sizes, input.onRendition);
  return {
    width,
    height,
    orientation,
    ...out,
    phash: null,
    ...extra,
    usedEmbeddedThumbnail: false,
    placeholder: true,
  };
}
