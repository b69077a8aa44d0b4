import type { MediaFormat } from './format.js';

/** The renditions Encore makes of every photo. */
export const THUMBNAIL_SIZES = {
  /** Grid thumbnail: ~320 px on the short side, WebP. */
  grid: { shortSide: 320, format: 'webp' },
  /** Preview: ~1600 px on the long side, WebP. */
  preview: { longSide: 1600, format: 'webp' },
} as const;

export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;

export interface Rendition {
  size: ThumbnailSize;
  data: Buffer;
  width: number;
  height: number;
  /** MIME type of data, e.g. image/webp */
  mime: string;
}

export interface RenderResult {
  /** Dimensions of the full image as displayed (after EXIF orientation). */
  width: number;
  height: number;
  orientation: number;
  renditions: Rendition[];
  /** ThumbHash of the image, base64. */
  thumbhash: string;
  /** 64-bit perceptual hash (DCT), 16 lowercase hex digits; null for placeholders (nothing to compare). */
  phash: string | null;
  /** Raw EXIF block when the codec exposes it (sharp metadata), for the metadata reader. */
  exif?: Buffer;
  xmp?: Buffer;
  /** True when the grid thumbnail came from a thumbnail embedded in the file (HEIC, RAW). */
  usedEmbeddedThumbnail: boolean;
  /** True when no picture could be made (video) and a placeholder was rendered instead. */
  placeholder: boolean;
}

export interface RenderInput {
  path: string;
  /** Whole file contents (images, RAW). Videos are read by path. */
  bytes?: Buffer;
  format: MediaFormat;
  /** Renditions to make; both when omitted. A grid-only first pass is far cheaper for HEIC. */
  sizes?: readonly ThumbnailSize[];
  /** Called as each rendition is ready: a HEIC grid from the embedded thumbnail lands long before the preview. */
  onRendition?: (rendition: Rendition) => void;
}
