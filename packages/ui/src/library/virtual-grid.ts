// Windowing math for the photo grid: square tiles, only the rows near the viewport render.

export interface GridLayout {
  columns: number;
  /** Edge of one square cell including its gap, in CSS pixels. */
  cell: number;
  rows: number;
  height: number;
}

export function gridLayout(width: number, count: number, minTile = 160): GridLayout {
  const columns = Math.max(1, Math.floor(Math.max(width, 1) / minTile));
  const cell = Math.max(width, 1) / columns;
  const rows = Math.ceil(count / columns);
  return { columns, cell, rows, height: rows * cell };
}

/** Item indexes [start, end) to render for a viewport, with a few rows of overscan. */
export function visibleRange(
  layout: GridLayout,
  count: number,
  scrollTop: number,
  viewportHeight: number,
  overscanRows = 2,
): { start: number; end: number } {
  const firstRow = Math.max(0, Math.floor(scrollTop / layout.cell) - overscanRows);
  const lastRow = Math.ceil((scrollTop + viewportHeight) / layout.cell) + overscanRows;
  return {
    start: Math.min(count, firstRow * layout.columns),
    end: Math.min(count, lastRow * layout.columns),
  };
}

/** Ask for the next page when the rendered window reaches the last two rows loaded. */
export function needsMore(end: number, loaded: number, columns: number, hasMore: boolean): boolean {
  return hasMore && end >= loaded - columns * 2;
}
