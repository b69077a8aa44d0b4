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
  it('keeps a stable code from engine errors and labels the rest INTERNAL', () => {
    const coded = Object.assign(new Error('Folder not found: /x'), { code: 'SOURCE_MISSING' });
    expect(toWireError(coded)).toEqual({ code: 'SOURCE_MISSING', message: 'Folder not found: /x' });
    expect(toWireError('boom')).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(errorText(coded)).toBe('Folder not found: /x (SOURCE_MISSING)');
  });
});
