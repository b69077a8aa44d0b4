// encore://app/ serves the built renderer, under /thumbs/ thumbnails from the engine's cache
// and under /remote/ renditions of photos starred on other devices (from the sync server),
// so the same relative URLs work in Electron and in headless mode.
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import {
  isRemoteRequest,
  isThumbRequest,
  parseRemotePath,
  parseThumbPath,
  resolveStaticPath,
} from '../shared/app-paths.js';
import { sniffImageType } from '../shared/image-type.js';
import type { EngineLink } from './engine-link.js';

export const APP_SCHEME = 'encore';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function handleAppProtocol(rendererDir: string, link: EngineLink): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    if (isThumbRequest(url.pathname)) {
      const thumb = parseThumbPath(url.pathname);
      const file = thumb ? await link.thumbnailPath(thumb.photoId, thumb.size) : null;
      if (!file) return new Response('No such thumbnail', { status: 404 });
      const res = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(res.headers);
      headers.set('Cache-Control', 'private, max-age=31536000, immutable');
      return new Response(res.body, { status: res.status, headers });
    }
    if (isRemoteRequest(url.pathname)) {
      const remote = parseRemotePath(url.pathname);
      const file = remote ? await link.remoteFile(remote.photoId, remote.variant) : null;
      const type = file ? await sniffImageType(file) : null;
      if (!file || !type) return new Response('Not on the sync server', { status: 404 });
      const res = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(res.headers);
      headers.set('Content-Type', type);
      headers.set('Cache-Control', 'private, max-age=86400');
      return new Response(res.body, { status: res.status, headers });
    }
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
