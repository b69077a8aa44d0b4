// URL-path rules shared by the headless HTTP server and Electron's app protocol: which
// thumbnail or remote rendition a path names, and which renderer file (never anything
// outside the folder).
import path from 'node:path';
import { parsePhotoUrl } from '@encore/core/contract';
import type { RemoteVariant, ThumbSize } from '../engine/host-engine.js';

/** The rendition a /thumbs/<size>/<64-hex id>.webp path names (the contract's URL rule). */
export function parseThumbPath(pathname: string): { size: ThumbSize; photoId: string } | null {
  const p = pathname.includes('?') ? null : parsePhotoUrl(pathname);
  return p?.kind === 'rendition' ? { size: p.size, photoId: p.photoId } : null;
}

export function isThumbRequest(pathname: string): boolean {
  return pathname === '/thumbs' || pathname.startsWith('/thumbs/');
}

/** A /remote/<thumb|preview>/<64-hex id> path: a rendition fetched from the sync server. */
export function parseRemotePath(
  pathname: string,
): { variant: RemoteVariant; photoId: string } | null {
  const p = pathname.includes('?') ? null : parsePhotoUrl(pathname);
  return p?.kind === 'remote' ? { variant: p.variant, photoId: p.photoId } : null;
}

export function isRemoteRequest(pathname: string): boolean {
  return pathname === '/remote' || pathname.startsWith('/remote/');
}

/**
 * The file under `root` a URL path names, or null when the path is malformed or would
 * escape the folder ('..', encoded separators, NUL bytes).
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((part) => part === '..')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  return file.startsWith(base + path.sep) ? file : null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
