import { describe, expect, it } from 'vitest';
import { jsonErrorPosition, lineAt } from './json-error-position.js';

describe('JSON error position', () => {
  it('finds where a text stops being JSON', () => {
    const cases: [string, number][] = [
      ['{"a": 1,}', 8],
      ['[1, 2', 5],
      ['{"a": tru}', 9],
      ['{"a": "x\ny"}', 8],
      ['{"a": 01}', 7],
      ['[1] x', 4],
    ];
    for (const [text, pos] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(jsonErrorPosition(text), text).toBe(pos);
    }
    const valid = '{"a": [1, -2.5e3, "\\u00e9", true, false, null, {}]}';
    expect(jsonErrorPosition(valid)).toBe(valid.length);
  });

  it('counts lines from 1', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1);
    expect(lineAt('a\nb\nc', 4)).toBe(3);
  });
});
