// Streaming files to HTTP responses with the headers each kind needs.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentType } from '../shared/app-paths.js';

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export interface SendFileOptions {
  cacheControl: string;
  /** Overrides the type the file's extension implies. */
  contentType?: string;
  etag?: string;
  headers?: Record<string, string>;
}

/** Sends a regular file; resolves false (and sends nothing) if it does not exist. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  opts: SendFileOptions,
): Promise<boolean> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    size = info.size;
  } catch {
    return false;
  }
  const headers: Record<string, string | number> = {
    'Content-Type': opts.contentType ?? contentType(file),
    'Cache-Control': opts.cacheControl,
    ...opts.headers,
  };
  if (opts.etag) {
    headers.ETag = opts.etag;
    if (req.headers['if-none-match'] === opts.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
  }
  headers['Content-Length'] = size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return true;
}
