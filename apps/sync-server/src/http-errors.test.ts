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
