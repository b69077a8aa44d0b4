// HTTP helpers for blob tests over real sockets: streamed bodies with a gate the test
// opens, a raw socket that sends less than it promised, and a look into the store's folders.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const sha256 = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('hex');

/** Deterministic bytes that differ per seed (no two test blobs collide by accident). */
export function bytesOf(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(seed).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

export type Body = Buffer | AsyncIterable<Buffer>;

/**
 * One request on its own connection. Resolves with the response even when the server
 * answers early and closes while the body is still being sent (a 413 before the body).
 */
export function request(
  base: string,
  method: string,
  urlPath: string,
  options: { headers?: Record<string, string>; body?: Body } = {},
): Promise<HttpResult> {
  const url = new URL(urlPath, base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          });
        });
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      void (async () => {
        try {
          for await (const chunk of body) {
            if (req.destroyed || answered) return;
            if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
          }
          req.end();
        } catch (err) {
          req.destroy(err as Error);
        }
      })();
    }
  });
}

/** A body sent in `chunkSize` pieces that pauses after `pauseAfter` bytes until `gate` opens. */
export async function* gated(
  data: Buffer,
  pauseAfter: number,
  gate: Promise<unknown>,
  chunkSize = 64 * 1024,
): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += chunkSize) {
    if (at >= pauseAfter && at - chunkSize < pauseAfter) await gate;
    yield data.subarray(at, Math.min(at + chunkSize, data.length));
  }
}

export function blobHeaders(
  token: string,
  sha: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'content-type': 'image/jpeg',
    'x-content-sha256': sha,
    ...extra,
  };
}

/**
 * Sends a PUT's headers promising `promised` bytes and `sent` bytes of body; returns the
 * socket so the test can cut it (a client that dies mid-upload).
 */
export async function rawPartialPut(
  base: string,
  urlPath: string,
  headers: Record<string, string>,
  promised: number,
  sent: Buffer,
): Promise<net.Socket> {
  const url = new URL(base);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  const head = [
    `PUT ${urlPath} HTTP/1.1`,
    `host: ${url.host}`,
    `content-length: ${promised}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  socket.write(sent);
  return socket;
}

/** Files in a store folder (`tmp` or every object under `objects`). */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as { path?: string }).path ?? '', e.name));
}

/** Polls `check` until it holds, up to `timeoutMs` (for effects with no event to await). */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
