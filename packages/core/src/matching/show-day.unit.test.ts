// The show-day cutover: a concert night runs until 06:00 local the next morning.
import { describe, expect, it } from 'vitest';
import { offsetIn, showDayNumber, showDayOf, showWindow } from './show-day.js';

/** UTC ms of a local wall time at a fixed offset (minutes east of UTC). */
const at = (local: string, offset: number): number => Date.parse(`${local}:00Z`) - offset * 60_000;

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

describe('show day', () => {
  for (const offset of [0, 120, -300, 330]) {
    it(`before 06:00 local is the evening before, from 06:00 the same day (UTC${offset >= 0 ? '+' : ''}${offset / 60})`, () => {
      const cases: [string, string][] = [
        ['2024-05-10T20:00', '2024-05-10'],
        ['2024-05-10T23:59', '2024-05-10'],
        ['2024-05-11T00:30', '2024-05-10'],
        ['2024-05-11T03:00', '2024-05-10'],
        ['2024-05-11T04:30', '2024-05-10'],
        ['2024-05-11T05:59', '2024-05-10'],
        ['2024-05-11T06:00', '2024-05-11'],
        ['2024-05-11T12:00', '2024-05-11'],
      ];
      for (const [local, day] of cases) {
        const utcMs = at(local, offset);
        expect([local, showDayOf(utcMs, offset)]).toEqual([local, day]);
        expect([local, showDayNumber(utcMs, offset)]).toEqual([local, dayNumber(day)]);
      }
    });
  }

  it("a show's night window ends at 06:00 local the next day, in the venue's zone", () => {
    const fixed = showWindow('2024-05-10' as never, '+02:00');
    expect(fixed.startMs).toBe(at('2024-05-10T12:00', 120));
    expect(fixed.eveningMs).toBe(at('2024-05-10T18:00', 120));
    expect(fixed.endMs).toBe(at('2024-05-11T06:00', 120));
    // Berlin on the night summer time ends (03:00 CEST -> 02:00 CET): 06:00 is CET.
    const dst = showWindow('2024-10-26' as never, 'Europe/Berlin');
    expect(dst.endMs).toBe(Date.parse('2024-10-27T05:00:00Z'));
    expect(offsetIn('Europe/Berlin', dst.endMs)).toBe(60);
    // 04:30 and 05:59 local are inside the night; 06:00 is the end.
    const w = showWindow('2024-05-10' as never, 'Europe/Berlin');
    expect(at('2024-05-11T04:30', 120)).toBeLessThan(w.endMs);
    expect(at('2024-05-11T05:59', 120)).toBeLessThan(w.endMs);
    expect(at('2024-05-11T06:00', 120)).toBe(w.endMs);
  });
});
