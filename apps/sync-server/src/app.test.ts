import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';

describe('sync server app', () => {
  let app: FastifyInstance;
  afterEach(() => app.close());

  it('reports health', async () => {
    app = buildApp({ logLevel: 'silent' });
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown routes and thrown errors with {code, message}', async () => {
    app = buildApp({ logLevel: 'silent' });
    app.get('/boom', async () => {
      throw new Error('secret internals');
    });
    app.get('/teapot', async () => {
      throw Object.assign(new Error('No such share link'), { code: 'NOT_FOUND' });
    });
    app.post('/echo', { schema: { body: { type: 'object', required: ['x'] } } }, async () => ({}));

    const missing = await app.inject({ method: 'GET', url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 'NOT_FOUND', message: 'No route for GET /nope' });

    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ code: 'INTERNAL', message: 'Internal server error' });

    const coded = await app.inject({ method: 'GET', url: '/teapot' });
    expect(coded.statusCode).toBe(404);
    expect(coded.json()).toEqual({ code: 'NOT_FOUND', message: 'No such share link' });

    const invalid = await app.inject({ method: 'POST', url: '/echo', payload: {} });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'BAD_REQUEST' });

    const badJson = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  });
});
