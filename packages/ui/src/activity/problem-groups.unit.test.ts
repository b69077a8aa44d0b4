import { describe, expect, it } from 'vitest';
import type { ErrorEntry } from '@encore/core/contract';
import { groupProblems, problemTitle } from './problem-groups.js';

const entry = (path: string, code: string, severity: ErrorEntry['severity']): ErrorEntry => ({
  path,
  code,
  severity,
  message: `${code} at ${path}`,
  at: '2024-06-01T21:00:00.000Z',
});

describe('groupProblems', () => {
  it('puts files that failed before warnings, biggest group first, files by path', () => {
    const groups = groupProblems([
      entry('/b/no-date.jpg', 'NO_CAPTURE_TIME', 'warning'),
      entry('/a/z.heic', 'DECODE_FAILED', 'error'),
      entry('/a/notes.pdf', 'UNSUPPORTED_FORMAT', 'error'),
      entry('/a/b.heic', 'DECODE_FAILED', 'error'),
      entry('/b/also-no-date.jpg', 'NO_CAPTURE_TIME', 'warning'),
      entry('/b/one-more.jpg', 'NO_CAPTURE_TIME', 'warning'),
    ]);
    expect(groups.map((g) => [g.severity, g.code, g.items.length])).toEqual([
      ['error', 'DECODE_FAILED', 2],
      ['error', 'UNSUPPORTED_FORMAT', 1],
      ['warning', 'NO_CAPTURE_TIME', 3],
    ]);
    expect(groups[0]!.items.map((i) => i.path)).toEqual(['/a/b.heic', '/a/z.heic']);
    expect(groups[0]!.title).toBe('Damaged or unreadable images');
  });

  it('names a code it has no words for in plain words, never as a code', () => {
    expect(problemTitle('SOMETHING_NEW')).toBe('Something new');
  });
});
