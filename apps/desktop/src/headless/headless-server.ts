// Headless mode: the engine behind a loopback HTTP server that serves the built renderer,
// thumbnails from the engine's cache, renditions of photos starred on other devices (from
// the sync server, cached), and a token-guarded WebSocket bridge at /ws.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EngineClient } from '@encore/core/contract';
import type { HostEngine } from '../engine/host-engine.js';
import {
  isRemoteRequest,
  isThumbRequest,
  parseRemotePath,
  parseThumbPath,
  resolveStaticPath,
} from '../shared/app-paths.js';
import { sniffImageType } from '../shared/image-type.js';
import { checkToken, cookieName, createAccessToken } from './access-token.js';
import { allowedHosts, hostForUrl, isAllowedHost } from './allowed-hosts.js';
import { sendFile, sendText } from './file-responses.js';
import { attachBridge } from './ws-bridge.js';

export type HeadlessEngine = EngineClient & Pick<HostEngine, 'thumbnailPath' | 'remoteFile'>;

export interface HeadlessOptions {
  engine: HeadlessEngine;
  /** Folder holding the built renderer (index.html, assets/). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests; a random 256-bit one otherwise. */
  token?: string;
}

export interface HeadlessServer {
  /** http://HOST:PORT/?token=... — the one URL that opens the app. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const IMMUTABLE = 'private, max-age=31536000, immutable';

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // Thumbnails, renditions and the bundle are for this app's own pages only.
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The token is in the page URL: never let it leave in a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const MISDIRECTED = 'Unknown host: open the URL Encore printed';

const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'";

export async function startHeadless(opts: HeadlessOptions): Promise<HeadlessServer> {
  const token = opts.token ?? createAccessToken();
  const host = opts.host ?? '127.0.0.1';
  let port = 0;
  /** Host header values this server answers (set once listening); see allowed-hosts.ts. */
  let hosts: ReadonlySet<string> = new Set();

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    // Before anything else, the token included: a rebinding page may have learned it.
    if (!isAllowedHost(req.headers.host, hosts)) return sendText(res, 421, MISDIRECTED);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');

    if (isThumbRequest(url.pathname)) {
      const auth = checkToken(req, url, token, port);
      if (auth !== 'ok') return sendText(res, auth === 'missing' ? 401 : 403, 'Token required');
      const thumb = parseThumbPath(url.pathname);
      const file = thumb ? await opts.engine.thumbnailPath(thumb.photoId, thumb.size) : null;
      const sent =
        thumb !== null &&
        file !== null &&
        (await sendFile(req, res, file, {
          cacheControl: IMMUTABLE,
          etag: `"${thumb.size}-${thumb.photoId}"`,
        }));
      if (!sent) sendText(res, 404, 'No such thumbnail');
      return;
    }

    if (isRemoteRequest(url.pathname)) {
      const auth = checkToken(req, url, token, port);
      if (auth !== 'ok') return sendText(res, auth === 'missing' ? 401 : 403, 'Token required');
      const remote = parseRemotePath(url.pathname);
      const file = remote ? await opts.engine.remoteFile(remote.photoId, remote.variant) : null;
      const type = file ? await sniffImageType(file) : null;
      const sent =
        remote !== null &&
        file !== null &&
        type !== null &&
        (await sendFile(req, res, file, {
          // The id is the original's hash; a rendition of it may change, so revalidate daily.
          cacheControl: 'private, max-age=86400',
          contentType: type,
        }));
      if (!sent) sendText(res, 404, 'Not on the sync server');
      return;
    }

    const file = resolveStaticPath(opts.rendererDir, url.pathname);
    if (file === null) return sendText(res, 404, 'Not found');
    const isPage = file.endsWith('.html');
    if (isPage) {
      // Without its token the app cannot reach the engine: say where the right address is,
      // instead of a page that only reports a lost connection.
      const auth = checkToken(req, url, token, port);
      if (auth !== 'ok') return sendTokenHelp(res, auth);
    }
    const headers: Record<string, string> = isPage ? { 'Content-Security-Policy': PAGE_CSP } : {};
    if (isPage && url.searchParams.has('token')) {
      // The page's <img> requests cannot carry the token; a strict same-site cookie can.
      headers['Set-Cookie'] = `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    const sent = await sendFile(req, res, file, {
      cacheControl: url.pathname.startsWith('/assets/') ? IMMUTABLE : 'no-store',
      headers,
    });
    if (!sent) sendText(res, 404, 'Not found');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const detachBridge = attachBridge(wss, opts.engine);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: string, body = '') => {
      socket.end(
        `HTTP/1.1 ${status}\r\nConnection: close\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    };
    if (!isAllowedHost(req.headers.host, hosts)) {
      return refuse('421 Misdirected Request', MISDIRECTED);
    }
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    const auth = checkToken(req, url, token, port);
    if (auth !== 'ok') return refuse(auth === 'missing' ? '401 Unauthorized' : '403 Forbidden');
    // A page from another origin must not drive the engine even if it learned the URL.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      return refuse('403 Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const origin = `http://${hostForUrl(host)}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        detachBridge();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

const TOKEN_HELP = {
  missing:
    'Encore opens only from the address it printed when it started, the one that ends in ' +
    '?token=&hellip;. Copy that whole address from the terminal where Encore is running.',
  wrong:
    'This address is from an earlier start of Encore. Each start prints a new one: copy the ' +
    'address from the terminal where Encore is running now.',
} as const;

/** A page for a visit without the token (or with an old one): what to open instead. */
function sendTokenHelp(res: ServerResponse, why: 'missing' | 'wrong'): void {
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Encore: open the address from the terminal</title></head><body>' +
    '<h1>Open Encore with its address</h1>' +
    `<p>${TOKEN_HELP[why]}</p></body></html>`;
  res.writeHead(401, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'",
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
