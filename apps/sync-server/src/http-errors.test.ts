import { describe, expect, it } from 'vitest';
import { AppError, rateLimited } from './errors.js';
import { toErrorResponse } from './http-errors.js';

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
