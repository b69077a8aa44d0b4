import { memo, useMemo, useState } from 'react';
import type { CSSProperties } from 'react';
import type { PhotoSummary } from '@encore/core/contract';
import { StarButton } from './star-button.js';
import { thumbhashDataUrl } from './thumbhash-url.js';

export function photoLabel(photo: PhotoSummary): string {
  const when = photo.takenAt ? photo.takenAt.replace('T', ' ').slice(0, 16) : 'Unknown date';
  return photo.city ? `${when} · ${photo.city.name}, ${photo.city.country}` : when;
}

export const PhotoTile = memo(function PhotoTile(props: {
  photo: PhotoSummary;
  style: CSSProperties;
  onToggleStar: (photo: PhotoSummary) => void;
}) {
  const { photo } = props;
  const placeholder = useMemo(() => thumbhashDataUrl(photo.thumbhash), [photo.thumbhash]);
  const [loaded, setLoaded] = useState(false);
  const label = photoLabel(photo);
  const style: CSSProperties = placeholder
    ? { ...props.style, backgroundImage: `url(${placeholder})` }
    : props.style;
  return (
    <figure className="enc-tile" style={style} title={label} data-photo-id={photo.id}>
      {photo.gridUrl ? (
        <img
          src={photo.gridUrl}
          alt={label}
          loading="lazy"
          decoding="async"
          draggable={false}
          className={loaded ? 'is-loaded' : undefined}
          onLoad={() => setLoaded(true)}
        />
      ) : (
        <span className="enc-tile-missing">{photo.format.toUpperCase()}</span>
      )}
      <StarButton
        starred={photo.starred}
        label={label}
        className="enc-tile-star"
        onToggle={() => props.onToggleStar(photo)}
      />
    </figure>
  );
});
