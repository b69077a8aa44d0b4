// encore://app/ serves the built renderer and, under /thumbs/, thumbnails from the engine's
// cache, so the same relative gridUrl works in Electron and in headless mode.
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { isThumbRequest, parseThumbPath, resolveStaticPath } from '../shared/app-paths.js';
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
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
