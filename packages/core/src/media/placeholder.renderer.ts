// Stand-in pictures for files Encore keeps but cannot draw: videos (no video decoder in the
// engine) and RAW files without an embedded preview. A neutral dark tile in the file's shape
// keeps the grid calm; the icon says which kind of file it is.
import sharp from 'sharp';
import type { RawImage } from './rendition.pipeline.js';

export type PlaceholderKind = 'video' | 'raw';

/** Used when the real size is unknown: 16:9 like most videos. */
export const DEFAULT_PLACEHOLDER_SIZE = { width: 1600, height: 900 } as const;
const PLACEHOLDER_LONG_SIDE = 1600;

/** Size of the placeholder tile for a file of the given display size (0 = unknown). */
export function placeholderSize(width: number, height: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { ...DEFAULT_PLACEHOLDER_SIZE };
  const scale = Math.min(1, PLACEHOLDER_LONG_SIDE / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

function svg(kind: PlaceholderKind, width: number, height: number): string {
  const s = Math.min(width, height);
  const cx = width / 2;
  const cy = height / 2;
  const r = s * 0.18;
  const icon =
    kind === 'video'
      ? // A play triangle in a ring, optically centred (nudged right).
        `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#d9d9d9" stroke-width="${s * 0.02}"/>` +
        `<path d="M ${cx - r * 0.35} ${cy - r * 0.5} L ${cx + r * 0.55} ${cy} L ${cx - r * 0.35} ${cy + r * 0.5} Z" fill="#d9d9d9"/>`
      : // A camera body with a lens: "a photo we could not develop".
        `<rect x="${cx - r * 1.2}" y="${cy - r * 0.75}" width="${r * 2.4}" height="${r * 1.5}" rx="${r * 0.2}" fill="none" stroke="#d9d9d9" stroke-width="${s * 0.02}"/>` +
        `<circle cx="${cx}" cy="${cy}" r="${r * 0.45}" fill="none" stroke="#d9d9d9" stroke-width="${s * 0.02}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#2b2b2b"/>${icon}</svg>`;
}

/** The placeholder as raw RGB pixels, ready for the same rendition pipeline as real photos. */
export async function renderPlaceholder(
  kind: PlaceholderKind,
  width: number,
  height: number,
): Promise<RawImage> {
  const size = placeholderSize(width, height);
  const { data, info } = await sharp(Buffer.from(svg(kind, size.width, size.height)))
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}
