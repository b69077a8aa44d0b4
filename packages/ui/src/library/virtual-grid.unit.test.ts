import { describe, expect, it } from 'vitest';
import { gridLayout, needsMore, visibleRange } from './virtual-grid.js';

describe('gridLayout', () => {
  it('fits as many minimum-size square cells as the width allows', () => {
    const layout = gridLayout(1000, 25, 160);
    expect(layout.columns).toBe(6);
    expect(layout.cell).toBeCloseTo(1000 / 6);
    expect(layout.rows).toBe(5);
    expect(layout.height).toBeCloseTo((5 * 1000) / 6);
  });

  it('keeps one column on a zero-width (not yet measured) viewport', () => {
    expect(gridLayout(0, 3).columns).toBe(1);
  });
});

describe('visibleRange', () => {
  const layout = gridLayout(400, 1000, 100); // 4 columns of 100px

  it('renders the rows in view plus overscan, not the whole list', () => {
    expect(visibleRange(layout, 1000, 0, 300, 2)).toEqual({ start: 0, end: 20 });
    expect(visibleRange(layout, 1000, 5000, 300, 2)).toEqual({ start: 192, end: 220 });
  });

  it('clamps to the items loaded', () => {
    expect(visibleRange(layout, 10, 0, 1000)).toEqual({ start: 0, end: 10 });
  });
});

describe('needsMore', () => {
  it('asks for the next page near the end of what is loaded, only if there is more', () => {
    expect(needsMore(100, 120, 4, true)).toBe(false);
    expect(needsMore(112, 120, 4, true)).toBe(true);
    expect(needsMore(120, 120, 4, false)).toBe(false);
  });
});
