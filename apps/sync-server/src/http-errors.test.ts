import { describe, expect, it } from 'vitest';
import { AppError, rateLimited } from './errors.js';
import { RouteTable, clientErrorResponse, toErrorResponse } from './http-errors.js';

describe('toErrorResponse', () => {
  it('maps codes to status and keeps internals out of 500 bodies', () => {
    expect(toErrorResponse(new AppError('TOKEN_REVOKED', 'signed out'))).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_REVOKED', message: 'signed out' },
    });
    expect(toErrorResponse(new AppError('RESYNC_REQUIRED', 'old cursor')).status).toBe(409);
    const blobStatuses = Object.fromEntries(
      (
        [
          'HASH_MISMATCH',
          'QUOTA_EXCEEDED',
          'BLOB_EXISTS',
          'RANGE_NOT_SATISFIABLE',
          'UNSUPPORTED_MEDIA_TYPE',
        ] as const
      ).map((code) => [code, toErrorResponse(new AppError(code, 'x')).status]),
    );
    expect(blobStatuses).toEqual({
      HASH_MISMATCH: 422,
      QUOTA_EXCEEDED: 413,
      BLOB_EXISTS: 409,
      RANGE_NOT_SATISFIABLE: 416,
      UNSUPPORTED_MEDIA_TYPE: 415,
    });
    expect(toErrorResponse(new Error('connection string postgres://u:secret@db'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL', message: 'Internal server error' },
      headers: {},
    });
    const limited = toErrorResponse(rateLimited('Too many', 1500));
    expect(limited).toMatchObject({ status: 429, headers: { 'retry-after': '2' } });
    expect(limited.body.message).toBe('Too many; retry in 2 s');
  });
});

describe('errors from outside our code', () => {
  const fastifyError = (code: string, statusCode: number, message = 'x') =>
    Object.assign(new Error(message), { code, statusCode });

  it('get one of our codes, by translation or by status', () => {
    expect(toErrorResponse(fastifyError('FST_ERR_MAX_PARAM_LENGTH', 414, "'/a/b…'"))).toEqual({
      status: 414,
      body: { code: 'URI_TOO_LONG', message: 'path: a segment is longer than 100 characters' },
      headers: {},
    });
    expect(toErrorResponse(fastifyError('FST_ERR_BAD_URL', 400)).body.code).toBe('BAD_REQUEST');
    expect(toErrorResponse(fastifyError('FST_ERR_SOMETHING_NEW', 415)).body.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(toErrorResponse(fastifyError('FST_ERR_SOMETHING_NEW', 418)).body.code).toBe(
      'BAD_REQUEST',
    );
    // secure-json-parse throws a plain SyntaxError that Fastify marks 400.
    const poisoned = Object.assign(
      new SyntaxError('Object contains forbidden prototype property'),
      {
        statusCode: 400,
      },
    );
    expect(toErrorResponse(poisoned)).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });

  it("Node's parser errors", () => {
    const err = (code: string) => Object.assign(new Error('x'), { code });
    expect(clientErrorResponse(err('ERR_HTTP_REQUEST_TIMEOUT'))).toMatchObject({
      status: 408,
      body: { code: 'REQUEST_TIMEOUT' },
    });
    expect(clientErrorResponse(err('HPE_HEADER_OVERFLOW'))).toMatchObject({
      status: 431,
      body: { code: 'HEADERS_TOO_LARGE' },
    });
    expect(clientErrorResponse(err('HPE_INVALID_CONSTANT'))).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'malformed HTTP request (HPE_INVALID_CONSTANT)' },
    });
  });

  it('route patterns for 405', () => {
    const routes = new RouteTable();
    routes.add({ method: 'GET', url: '/v1/blobs/:photo/:variant' });
    routes.add({ method: ['PUT', 'DELETE'], url: '/v1/blobs/:photo/:variant' });
    routes.add({ method: 'GET', url: '/v1/blobs' });
    routes.add({ method: 'GET', url: '/a.b' });
    expect(routes.allowed('/v1/blobs/ab/thumb')).toEqual(['DELETE', 'GET', 'PUT']);
    expect(routes.allowed('/v1/blobs')).toEqual(['GET']);
    expect(routes.allowed('/v1/blobs/ab')).toEqual([]);
    expect(routes.allowed('/v1/blobs/ab/thumb/x')).toEqual([]);
    expect(routes.allowed('/aXb')).toEqual([]);
  });
});
