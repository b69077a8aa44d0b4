// A windowed grid: a tall spacer for the whole list, and absolutely placed tiles for the
// rows near the viewport, so a library of 100k photos keeps a few hundred nodes.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PhotoSummary } from '@encore/core/contract';
import { PhotoTile } from './photo-tile.js';
import { gridLayout, needsMore, visibleRange } from './virtual-grid.js';

export function PhotoGrid(props: {
  photos: PhotoSummary[];
  hasMore: boolean;
  onNeedMore: () => void;
  onToggleStar: (photo: PhotoSummary) => void;
}) {
  const { photos, hasMore, onNeedMore, onToggleStar } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 0, height: 0, scrollTop: 0 });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () =>
      setViewport({ width: el.clientWidth, height: el.clientHeight, scrollTop: el.scrollTop });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const layout = gridLayout(viewport.width, photos.length);
  const { start, end } = visibleRange(layout, photos.length, viewport.scrollTop, viewport.height);
  const wantMore = viewport.width > 0 && needsMore(end, photos.length, layout.columns, hasMore);

  useEffect(() => {
    if (wantMore) onNeedMore();
  }, [wantMore, photos.length, onNeedMore]);

  const tiles = [];
  for (let i = start; i < end; i++) {
    const photo = photos[i];
    if (!photo) continue;
    const row = Math.floor(i / layout.columns);
    const col = i % layout.columns;
    tiles.push(
      <PhotoTile
        key={photo.id}
        photo={photo}
        onToggleStar={onToggleStar}
        style={{
          top: row * layout.cell,
          left: col * layout.cell,
          width: layout.cell,
          height: layout.cell,
        }}
      />,
    );
  }

  return (
    <div
      ref={scroller}
      className="enc-grid-scroller"
      data-testid="photo-grid"
      onScroll={(e) => {
        const el = e.currentTarget;
        setViewport({ width: el.clientWidth, height: el.clientHeight, scrollTop: el.scrollTop });
      }}
    >
      <div className="enc-grid-canvas" style={{ height: layout.height }}>
        {tiles}
      </div>
    </div>
  );
}
