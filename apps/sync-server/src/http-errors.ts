// The one place that maps errors to HTTP responses: a stable {code, message} body, and a
// status from the error's code (ours, or Fastify's FST_ERR_* translated to ours).
// Errors Node's HTTP parser raises before Fastify sees a request get the same body
// (clientErrorHandler), and so do a path that matches a route under another method (405).
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '@encore/core/protocol';
import { AppError } from './errors.js';

export type { ErrorBody };

const STATUS_BY_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  UNSUPPORTED_PROTOCOL: 400,
  CLOCK_SKEW: 400,
  UNAUTHORIZED: 401,
  INVALID_TOKEN: 401,
  TOKEN_REVOKED: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  RESYNC_REQUIRED: 409,
  BLOB_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  HASH_MISMATCH: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  NOT_READY: 503,
};

/** A 4xx that comes with a code we do not know (Fastify's, a plugin's) gets one of ours. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

/** Fastify's limit on one path parameter (its default); longer gets 414 URI_TOO_LONG. */
export const MAX_PARAM_LENGTH = 100;

/** Fastify's own errors, said in our words. */
const FASTIFY_CODES: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', message: 'body: not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', message: 'body: empty JSON body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'body: larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'body: send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    message: 'body: wrong content-length',
  },
  // Both of these would echo the whole path back.
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'URI_TOO_LONG',
    message: `path: a segment is longer than ${MAX_PARAM_LENGTH} characters`,
  },
  FST_ERR_BAD_URL: { code: 'BAD_REQUEST', message: 'path: not a valid URL (bad %-encoding)' },
};

export function toErrorResponse(err: Partial<FastifyError> & Error): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  const headers = err instanceof AppError ? err.headers : {};
  if (err.validation) {
    return { status: 400, body: { code: 'BAD_REQUEST', message: err.message }, headers };
  }
  const rawCode = typeof err.code === 'string' ? err.code : 'INTERNAL';
  const translated = FASTIFY_CODES[rawCode];
  let code = translated?.code ?? rawCode;
  const status =
    STATUS_BY_CODE[code] ??
    (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600
      ? err.statusCode
      : 500);
  // Not one of ours (FST_ERR_*, a parser's SyntaxError): named by its status instead.
  if (STATUS_BY_CODE[code] === undefined && status < 500)
    code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
  if (status >= 500) {
    // Internal details stay in the log, not in the response.
    return {
      status,
      body: {
        code: status === 500 ? 'INTERNAL' : code,
        message: status === 503 ? err.message : 'Internal server error',
      },
      headers,
    };
  }
  return { status, body: { code, message: translated?.message ?? err.message }, headers };
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  void reply.status(status).headers(headers).send(body);
}

/** Errors Fastify raises before routing (a bad %-encoding, a too long path parameter). */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  errorHandler(err, req, reply);
}

/**
 * 404 NOT_FOUND for a path no route matches; 405 METHOD_NOT_ALLOWED (with `Allow`) for
 * one that a route matches under other methods. `allowedMethods` says which.
 */
export function notFoundHandler(allowedMethods: (path: string) => string[]) {
  return (req: FastifyRequest, reply: FastifyReply): void => {
    const path = req.url.split('?')[0] ?? '';
    const allowed = allowedMethods(path);
    // A path may be kilobytes long: the message names only its start.
    const shown = path.length > 100 ? `${path.slice(0, 100)}…` : path;
    if (allowed.length > 0) {
      void reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send({
          code: 'METHOD_NOT_ALLOWED',
          message: `${req.method} ${shown}: not allowed; use ${allowed.join(', ')}`,
        });
      return;
    }
    void reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `No route for ${req.method} ${shown}` });
  };
}

/**
 * The routes' paths and methods, for 405s: `add` is an onRoute hook; `allowed` lists the
 * methods whose route pattern matches a concrete path.
 */
export class RouteTable {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  add = (route: { method: string | string[]; url: string }): void => {
    let methods = this.byUrl.get(route.url);
    if (!methods) {
      methods = new Set();
      this.byUrl.set(route.url, methods);
      this.routes.push({ pattern: patternOf(route.url), methods });
    }
    for (const m of [route.method].flat()) methods.add(m.toUpperCase());
  };

  allowed = (path: string): string[] => {
    const out = new Set<string>();
    for (const r of this.routes) if (r.pattern.test(path)) for (const m of r.methods) out.add(m);
    return [...out].sort();
  };
}

/** `/v1/blobs/:photo/:variant` → a RegExp of concrete paths (`*` matches the rest). */
function patternOf(url: string): RegExp {
  const body = url
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) return '[^/]+';
      if (seg === '*') return '.*';
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${body}$`);
}

/** Status and code for the errors Node's HTTP parser raises (`clientError`). */
export function clientErrorResponse(err: NodeJS.ErrnoException): {
  status: number;
  body: ErrorBody;
} {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        body: { code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time' },
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: {
          code: 'HEADERS_TOO_LARGE',
          message: 'the request line and headers are larger than the limit',
        },
      };
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return {
        status: 400,
        body: {
          code: 'BAD_REQUEST',
          message: 'content-length: invalid, or sent with transfer-encoding',
        },
      };
    case 'HPE_INVALID_METHOD':
      return { status: 400, body: { code: 'BAD_REQUEST', message: 'not an HTTP method' } };
    case 'HPE_INVALID_URL':
      return { status: 400, body: { code: 'BAD_REQUEST', message: 'not a valid request target' } };
    default:
      return {
        status: 400,
        body: {
          code: 'BAD_REQUEST',
          message: `malformed HTTP request (${err.code ?? 'parse error'})`,
        },
      };
  }
}

/**
 * Fastify's clientErrorHandler: Node's parser gave up on a connection (malformed request,
 * headers too large, too slow). Answer in our shape when nothing else is being written on
 * the socket, then close it.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const { status, body } = clientErrorResponse(err);
    const text = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        'Connection: close\r\n\r\n' +
        text,
    );
  }
  socket.destroySoon();
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};
