// The one place that maps errors to HTTP responses: a stable {code, message} body, and a
// status from the error's code (ours, or Fastify's FST_ERR_* translated to ours).
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
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  RESYNC_REQUIRED: 409,
  BLOB_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  HASH_MISMATCH: 422,
  RATE_LIMITED: 429,
  NOT_READY: 503,
};

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
};

export function statusOf(code: string): number | undefined {
  return STATUS_BY_CODE[code];
}

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
  const code = translated?.code ?? rawCode;
  const status =
    STATUS_BY_CODE[code] ??
    (typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500);
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

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ code: 'NOT_FOUND', message: `No route for ${req.method} ${req.url.split('?')[0]}` });
}
