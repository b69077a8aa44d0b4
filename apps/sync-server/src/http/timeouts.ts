// How long a client may take to send a request, so a slow (or idle) one cannot hold a
// connection open: Node's parser enforces the header deadline; a hook here puts a whole-body
// deadline and an idle deadline on the bodies Fastify reads; blob uploads (streamed, maybe
// hundreds of MB) get the idle deadline only, from the blob service.
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export interface RequestTimeouts {
  /** Request line and headers must arrive within this (Node's headersTimeout). */
  headersMs: number;
  /** A body Fastify reads (every route but blob uploads) must arrive within this. */
  requestMs: number;
  /** Any body, blob uploads included, is cut after this long without a byte. */
  bodyIdleMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveMs: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler streams the body itself (the blob routes): no whole-body deadline here. */
    streamsBody?: boolean;
  }
}

/** Options for `Fastify(...)`: Node's own deadlines and how often it checks them. */
export function serverTimeoutOptions(t: RequestTimeouts) {
  return {
    keepAliveTimeout: t.keepAliveMs,
    // Node's requestTimeout covers the whole request, uploads included: ours are per route.
    requestTimeout: 0,
    http: {
      headersTimeout: t.headersMs,
      // Node checks its deadlines on this interval (30 s by default, too coarse).
      connectionsCheckingInterval: Math.min(5_000, Math.max(50, Math.floor(t.headersMs / 4))),
    },
  };
}

export function requestTimeout(ms: number): AppError {
  return new AppError(
    'REQUEST_TIMEOUT',
    `body: did not arrive within ${seconds(ms)} s; send it again`,
    { connection: 'close' },
  );
}

export function bodyIdleTimeout(ms: number): AppError {
  return new AppError('REQUEST_TIMEOUT', `body: no bytes for ${seconds(ms)} s; send it again`, {
    connection: 'close',
  });
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * A preParsing hook: the body Fastify is about to read passes through a stream that fails
 * with 408 REQUEST_TIMEOUT when the whole body takes longer than `requestMs` or no byte
 * comes for `bodyIdleMs`. Bodies already complete, and streamed routes, pass untouched.
 */
export function bodyDeadlines(t: RequestTimeouts) {
  return async (req: FastifyRequest, _reply: FastifyReply, payload: Readable) => {
    if (req.raw.complete || req.routeOptions.config?.streamsBody) return payload;
    // Fastify reads no body for these; the response closes the connection instead.
    if (req.method === 'GET' || req.method === 'HEAD') return payload;
    const watched = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        idle.refresh();
        callback(null, chunk);
      },
    });
    const cut = (err: AppError) => {
      clear();
      payload.unpipe(watched);
      watched.destroy(err);
    };
    const total = setTimeout(() => cut(requestTimeout(t.requestMs)), t.requestMs);
    const idle = setTimeout(() => cut(bodyIdleTimeout(t.bodyIdleMs)), t.bodyIdleMs);
    const clear = () => {
      clearTimeout(total);
      clearTimeout(idle);
    };
    // Fastify's body reader listens for errors; nobody else may be (a route that ignores it).
    watched.on('error', () => {});
    watched.on('close', clear);
    payload.on('end', clear);
    // pipe() passes neither errors nor an abort on: a client that goes away ends the body.
    payload.on('error', (err) => watched.destroy(err));
    payload.on('close', () => {
      if (!payload.readableEnded) watched.destroy(new Error('the client went away'));
      clear();
    });
    payload.pipe(watched);
    return watched;
  };
}

/**
 * An onSend hook: a response sent before its request's body has arrived (an early
 * refusal, a route that ignores bodies) closes the connection, so the rest of the body is
 * not read, however slowly it comes.
 */
export async function closeIfBodyUnread(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!req.raw.complete) reply.header('connection', 'close');
}
