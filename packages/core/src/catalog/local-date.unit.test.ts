import { describe, expect, it } from 'vitest';
import { parseAnyDate, parseIsoDate, parseSetlistfmDate, toSetlistfmDate } from './local-date.js';
import type { LocalDate } from './types.js';

describe('show dates', () => {
  it("reads setlist.fm's dd-MM-yyyy and ISO dates, checked against the calendar", () => {
    expect(parseSetlistfmDate('27-09-2017')).toBe('2017-09-27');
    expect(parseIsoDate('2017-09-27')).toBe('2017-09-27');
    expect(parseAnyDate('29-02-2024')).toBe('2024-02-29');
    expect(parseAnyDate('29-02-2023')).toBeNull();
    expect(parseAnyDate('2017-13-01')).toBeNull();
    expect(parseSetlistfmDate('2017-09-27')).toBeNull();
    expect(parseIsoDate('27/09/2017')).toBeNull();
  });

  it('writes the form setlist.fm searches take', () => {
    expect(toSetlistfmDate('2017-09-27' as LocalDate)).toBe('27-09-2017');
  });
});
