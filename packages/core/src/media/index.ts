// Public surface of the media module: sniff a file's format, render its thumbnails and hashes.
export { sniffFormat } from './format.sniffer.js';
export { renderMedia } from './render.service.js';
export { dctHash, hammingDistance } from './image.hashes.js';
export { MEDIA_ERROR } from './media.errors.js';
export { IMAGE_FORMATS, RAW_FORMATS, VIDEO_FORMATS, mediaKind } from './format.js';
export type { ImageFormat, MediaFormat, MediaKind, RawFormat, VideoFormat } from './format.js';
export { THUMBNAIL_SIZES } from './types.js';
export type { RenderInput, RenderResult, Rendition, ThumbnailSize } from './types.js';
