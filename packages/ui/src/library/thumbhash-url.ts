import { thumbHashToDataURL } from 'thumbhash';

/** A blurry placeholder for a tile while its thumbnail loads; null if there is no hash. */
export function thumbhashDataUrl(base64: string | null): string | null {
  if (!base64) return null;
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return thumbHashToDataURL(bytes);
  } catch {
    return null;
  }
}
