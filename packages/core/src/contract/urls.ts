// URL paths the hosts serve for a photo's renditions, built and parsed in one place so the
// engine (which hands them out), the desktop hosts (which serve them) and the UI agree.

export type RenditionSize = 'grid' | 'preview';
/** Renditions of a photo this library has only through sync, as the server stores them. */
export type RemoteVariant = 'thumb' | 'preview';

const PHOTO_ID = /^[0-9a-f]{64}$/;

export function renditionUrl(photoId: string, size: RenditionSize): string {
  return `/thumbs/${size}/${photoId}.webp`;
}

export function remoteRenditionUrl(photoId: string, variant: RemoteVariant): string {
  return `/remote/${variant}/${photoId}`;
}

export type ParsedPhotoUrl =
  | { kind: 'rendition'; size: RenditionSize; photoId: string }
  | { kind: 'remote'; variant: RemoteVariant; photoId: string };

/** The rendition a request path names, or null for anything else (query strings ignored). */
export function parsePhotoUrl(pathname: string): ParsedPhotoUrl | null {
  const parts = pathname.split('?')[0]!.split('/');
  if (parts.length !== 4 || parts[0] !== '') return null;
  const [, root, kind, name] = parts as [string, string, string, string];
  if (root === 'thumbs' && (kind === 'grid' || kind === 'preview') && name.endsWith('.webp')) {
    const photoId = name.slice(0, -'.webp'.length);
    return PHOTO_ID.test(photoId) ? { kind: 'rendition', size: kind, photoId } : null;
  }
  if (root === 'remote' && (kind === 'thumb' || kind === 'preview') && PHOTO_ID.test(name))
    return { kind: 'remote', variant: kind, photoId: name };
  return null;
}
