// The sync server over HTTP: JSON calls with a timeout and the server's {code, message}
// errors turned into SyncError, plus streamed blob uploads and downloads (node:http, so a
// 500 MB original never sits in memory and Content-Length is sent up front).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { EncoreError } from '../domain/errors.js';
import { CONTENT_SHA256_HEADER, type BlobVariant } from '../protocol/index.js';

/** Failures retrying can fix: the network, 5xx, 429. */
const TRANSIENT = new Set(['OFFLINE', 'TIMEOUT', 'SERVER_ERROR', 'RATE_LIMITED', 'NOT_READY']);
/** The token no longer works: sign in again. */
export const AUTH_CODES = new Set([
  'UNAUTHORIZED',
  'INVALID_TOKEN',
  'TOKEN_REVOKED',
  'TOKEN_EXPIRED',
]);

export class SyncError extends EncoreError {
  constructor(
    code: string,
    message: string,
    readonly status: number | null = null,
    /** From Retry-After, when the server sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(code, message);
    this.name = 'SyncError';
  }

  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }

  get auth(): boolean {
    return AUTH_CODES.has(this.code);
  }
}

export interface SyncHttpOptions {
  /** Per request (default 30 s; blob transfers: per 30 s without progress). */
  timeoutMs?: number;
  /**
   * Blob calls answered 429 wait the server's Retry-After (at most this long; default 60 s)
   * and try again, so a long upload run carries on under the per-device rate limit.
   */
  maxRetryAfterMs?: number;
  /** 429s in a row one blob call accepts before the error is the caller's (default 20). */
  maxRateLimitRetries?: number;
}

/** The wait after a 429 without a usable Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1000;

export class SyncHttp {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxRateLimitRetries: number;

  constructor(
    server: string,
    private readonly token: string | null = null,
    options: SyncHttpOptions = {},
  ) {
    this.base = parseServerUrl(server);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 20;
  }

  get server(): string {
    return this.base.toString().replace(/\/$/, '');
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.base);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw networkError(err, this.server);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text().catch(() => '');
    if (!res.ok) throw errorFromResponse(res.status, text, res.headers.get('retry-after'));
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SyncError(
        'BAD_RESPONSE',
        `${this.server} answered ${path} with something that is not JSON`,
        res.status,
      );
    }
  }

  /** HEAD of a blob: its sha256 when the server holds it for this account, else null. */
  headBlob(photo: string, variant: BlobVariant): Promise<string | null> {
    return this.rateLimited(() => this.headBlobOnce(photo, variant));
  }

  /** Streams a file up; returns whether the server stored it now (false: it had it). */
  putBlob(
    photo: string,
    variant: BlobVariant,
    file: string,
    sha256: string,
    contentType: string,
  ): Promise<boolean> {
    return this.rateLimited(() => this.putBlobOnce(photo, variant, file, sha256, contentType));
  }

  /**
   * Runs a call again after each 429, waiting what the server asked (capped), up to
   * maxRateLimitRetries times in a row.
   */
  private async rateLimited<T>(call: () => Promise<T>): Promise<T> {
    for (let retries = 0; ; retries++) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof SyncError) || err.code !== 'RATE_LIMITED') throw err;
        if (retries >= this.maxRateLimitRetries) throw err;
        const wait = Math.min(this.maxRetryAfterMs, err.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async headBlobOnce(photo: string, variant: BlobVariant): Promise<string | null> {
    const res = await this.raw('HEAD', `v1/blobs/${photo}/${variant}`);
    res.resume();
    if (res.statusCode === 404) return null;
    if (res.statusCode !== 200)
      throw errorFromResponse(res.statusCode ?? 0, '', res.headers['retry-after']);
    const sha = res.headers[CONTENT_SHA256_HEADER];
    return typeof sha === 'string' ? sha : null;
  }

  private async putBlobOnce(
    photo: string,
    variant: BlobVariant,
    file: string,
    sha256: string,
    contentType: string,
  ): Promise<boolean> {
    const size = (await fs.promises.stat(file)).size;
    const res = await this.raw('PUT', `v1/blobs/${photo}/${variant}`, {
      headers: {
        'content-type': contentType,
        'content-length': String(size),
        [CONTENT_SHA256_HEADER]: sha256,
      },
      body: fs.createReadStream(file),
    });
    const text = await readText(res);
    if (res.statusCode === 201) return true;
    if (res.statusCode === 200) return false;
    throw errorFromResponse(res.statusCode ?? 0, text, res.headers['retry-after']);
  }

  /**
   * Streams a blob to `dest` (via a temp file beside it, renamed when whole) and checks
   * its sha256. Returns the hash, size and content type.
   */
  getBlob(
    photo: string,
    variant: BlobVariant,
    dest: string,
  ): Promise<{ sha256: string; size: number; contentType: string }> {
    return this.rateLimited(() => this.getBlobOnce(photo, variant, dest));
  }

  private async getBlobOnce(
    photo: string,
    variant: BlobVariant,
    dest: string,
  ): Promise<{ sha256: string; size: number; contentType: string }> {
    const res = await this.raw('GET', `v1/blobs/${photo}/${variant}`);
    if (res.statusCode !== 200) {
      const text = await readText(res);
      throw errorFromResponse(res.statusCode ?? 0, text, res.headers['retry-after']);
    }
    const expected =
      res.headers[CONTENT_SHA256_HEADER] ?? String(res.headers.etag ?? '').replace(/"/g, '');
    const hash = createHash('sha256');
    let size = 0;
    const tmp = `${dest}.part-${process.pid}`;
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    try {
      await pipeline(
        res,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
          },
        }),
        fs.createWriteStream(tmp),
      );
      const sha256 = hash.digest('hex');
      if (typeof expected === 'string' && expected && expected !== sha256) {
        throw new SyncError(
          'HASH_MISMATCH',
          `${variant} of ${photo} arrived damaged (sha256 ${sha256}, expected ${expected})`,
        );
      }
      if (variant === 'original' && sha256 !== photo) {
        throw new SyncError('HASH_MISMATCH', `original of ${photo} arrived with sha256 ${sha256}`);
      }
      const fd = await fs.promises.open(tmp, 'r');
      await fd.sync();
      await fd.close();
      await fs.promises.rename(tmp, dest);
      return {
        sha256,
        size,
        contentType: String(res.headers['content-type'] ?? 'application/octet-stream'),
      };
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      if (err instanceof SyncError) throw err;
      throw networkError(err, this.server);
    }
  }

  private raw(
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; body?: NodeJS.ReadableStream } = {},
  ): Promise<http.IncomingMessage> {
    const url = new URL(path, this.base);
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(url, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...opts.headers,
        },
        timeout: this.timeoutMs,
      });
      req.on('timeout', () =>
        req.destroy(
          new SyncError('TIMEOUT', `${this.server} did not answer for ${this.timeoutMs / 1000} s`),
        ),
      );
      req.on('error', (err) =>
        reject(err instanceof SyncError ? err : networkError(err, this.server)),
      );
      req.on('response', resolve);
      if (opts.body) {
        opts.body.on('error', (err) => req.destroy(err));
        opts.body.pipe(req);
      } else {
        req.end();
      }
    });
  }
}

async function readText(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res as AsyncIterable<Buffer>) {
    // Error bodies are small; never hold more than 64 KiB of one.
    if (size < 65_536) chunks.push(c);
    size += c.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseServerUrl(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new SyncError(
      'BAD_SERVER_URL',
      `--server ${server}: not a URL (e.g. https://sync.example.com)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SyncError('BAD_SERVER_URL', `--server ${server}: must be an http:// or https:// URL`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

function networkError(err: unknown, server: string): SyncError {
  if (err instanceof SyncError) return err;
  const e = err as { name?: string; cause?: { message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new SyncError('TIMEOUT', `${server} did not answer in time`);
  }
  // fetch says only "fetch failed"; the reason (connect ECONNREFUSED 127.0.0.1:8787, bad
  // port, getaddrinfo ENOTFOUND) is in its cause.
  const reason = e.cause?.message ?? e.message ?? String(err);
  if (reason === 'bad port') {
    return new SyncError(
      'BAD_SERVER_URL',
      `${server}: that port is one browsers and fetch refuse to use; run the server on another (e.g. 8787)`,
    );
  }
  return new SyncError('OFFLINE', `cannot reach ${server}: ${reason}`);
}

export function errorFromResponse(
  status: number,
  text: string,
  retryAfter: string | string[] | null | undefined,
): SyncError {
  let code = status >= 500 ? 'SERVER_ERROR' : 'HTTP_' + String(status);
  let message = `server answered ${status}`;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string')
      code = status >= 500 && body.code === 'INTERNAL' ? 'SERVER_ERROR' : body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: keep the status
  }
  if (status === 429) code = 'RATE_LIMITED';
  const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  return new SyncError(
    code,
    message,
    status,
    Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null,
  );
}
