// The formats Encore understands. A file's format comes from its bytes, never its extension.
export const IMAGE_FORMATS = ['jpeg', 'heic', 'avif', 'png', 'webp', 'tiff', 'gif'] as const;
export const RAW_FORMATS = ['dng', 'cr2', 'cr3', 'nef', 'arw', 'orf', 'rw2', 'raf', 'raw'] as const;
export const VIDEO_FORMATS = ['mov', 'mp4'] as const;

export type ImageFormat = (typeof IMAGE_FORMATS)[number];
export type RawFormat = (typeof RAW_FORMATS)[number];
export type VideoFormat = (typeof VIDEO_FORMATS)[number];
export type MediaFormat = ImageFormat | RawFormat | VideoFormat;

export type MediaKind = 'image' | 'raw' | 'video';

export function mediaKind(format: MediaFormat): MediaKind {
  if ((VIDEO_FORMATS as readonly string[]).includes(format)) return 'video';
  if ((RAW_FORMATS as readonly string[]).includes(format)) return 'raw';
  return 'image';
}
