import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../testing/fake-engine.js';
import { EVENT_NAMES, HANDLER_NAMES, isHandlerName } from './contract-names.js';
import { handleMessage, parseRequest } from './rpc.js';

describe('contract allow-list', () => {
  it('names each handler and event once and nothing inherited', () => {
    expect(new Set(HANDLER_NAMES).size).toBe(HANDLER_NAMES.length);
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', '']) {
      expect(isHandlerName(name)).toBe(false);
    }
  });
});

describe('parseRequest', () => {
  it('accepts {id, name, args} and defaults args to []', () => {
    expect(parseRequest('{"id":1,"name":"library.status"}')).toEqual({
      ok: true,
      request: { id: 1, name: 'library.status', args: [] },
    });
  });

  it('keeps the id on errors it can attribute', () => {
    expect(parseRequest({ id: 'x', name: 'nope' })).toEqual({
      ok: false,
      reply: { id: 'x', error: { code: 'UNKNOWN_METHOD', message: 'Unknown method: nope' } },
    });
    expect(parseRequest({ id: 2, name: 'photo.get', args: [{}, {}] })).toMatchObject({
      reply: { id: 2, error: { code: 'BAD_REQUEST' } },
    });
  });

  it("checks params against the handler's own schema before anything reaches the engine", () => {
    expect(
      parseRequest({ id: 3, name: 'photo.setRating', args: [{ ids: ['abcdef0123'], rating: 7 }] }),
    ).toMatchObject({ ok: false, reply: { id: 3, error: { code: 'USAGE', field: 'rating' } } });
    expect(parseRequest({ id: 4, name: 'sources.add', args: [] })).toMatchObject({
      ok: false,
      reply: { id: 4, error: { code: 'USAGE' } },
    });
    expect(parseRequest({ id: 5, name: 'sources.add', args: [{ path: '/music' }] })).toMatchObject({
      ok: true,
    });
  });

  it('rejects ids that cannot be echoed back', () => {
    for (const id of [null, {}, [], Number.NaN, true]) {
      expect(parseRequest({ id, name: 'library.status' })).toMatchObject({
        reply: { id: null, error: { code: 'BAD_REQUEST' } },
      });
    }
  });
});

describe('handleMessage', () => {
  it('turns a thrown non-coded error into INTERNAL without a stack', async () => {
    const engine = new FakeEngine();
    engine.call = (async () => {
      throw new TypeError('kaboom');
    }) as FakeEngine['call'];
    expect(await handleMessage(engine, { id: 1, name: 'errors.list' })).toEqual({
      id: 1,
      error: { code: 'INTERNAL', message: 'kaboom' },
    });
  });
});
