import { describe, expect, it } from 'vitest';
import { errorText, toWireError } from './error-text.js';
import { parseRoute } from './use-hash-route.js';

describe('parseRoute', () => {
  it('maps hashes to pages and falls back to the library', () => {
    expect(parseRoute('#/sources')).toBe('sources');
    expect(parseRoute('#/concerts')).toBe('concerts');
    expect(parseRoute('#activity')).toBe('activity');
    expect(parseRoute('#/activity/x?y=1')).toBe('activity');
    expect(parseRoute('')).toBe('library');
    expect(parseRoute('#/nope')).toBe('library');
  });
});

describe('toWireError', () => {
  it("keeps the contract's code, field and details, and labels anything else INTERNAL", () => {
    const coded = Object.assign(new Error('/x is not a folder'), {
      code: 'PATH_UNUSABLE',
      field: 'path',
    });
    expect(toWireError(coded)).toEqual({
      code: 'PATH_UNUSABLE',
      message: '/x is not a folder',
      field: 'path',
    });
    const unknown = Object.assign(new Error('odd'), { code: 'SOMETHING_NEW' });
    expect(toWireError(unknown)).toEqual({ code: 'INTERNAL', message: 'odd' });
    expect(toWireError('boom')).toEqual({ code: 'INTERNAL', message: 'boom' });
  });

  it('says what went wrong in words, with the specifics where the engine named them', () => {
    const coded = Object.assign(new Error('/x is not a folder'), { code: 'PATH_UNUSABLE' });
    expect(errorText(coded)).toBe('/x is not a folder.');
    expect(errorText({ code: 'OFFLINE', message: 'ECONNREFUSED 127.0.0.1:1' })).toBe(
      'Cannot reach the sync server. Check your connection.',
    );
  });
});
