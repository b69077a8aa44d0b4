// The one place that maps errors to HTTP responses: a stable {code, message} body, and a
// status from the error's own statusCode (Fastify's) or its code.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorBody {
  code: string;
  message: string;
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

export function toErrorResponse(err: Partial<FastifyError> & Error): {
  status: number;
  body: ErrorBody;
} {
  if (err.validation) {
    return { status: 400, body: { code: 'BAD_REQUEST', message: err.message } };
  }
  const code = typeof err.code === 'string' ? err.code : 'INTERNAL';
  const status =
    STATUS_BY_CODE[code] ??
    (typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500);
  if (status >= 500) {
    // Internal details stay in the log, not in the response.
    return {
      status,
      body: { code: status === 500 ? 'INTERNAL' : code, message: 'Internal server error' },
    };
  }
  return { status, body: { code, message: err.message } };
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  void reply.status(status).send(body);
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ code: 'NOT_FOUND', message: `No route for ${req.method} ${req.url}` });
}
