// Tests: photo records as ingest stores them, written through the repositories.
import { createHash } from 'node:crypto';
import type { PhotoId, UtcInstant } from '../../domain/ids.js';
import type { PhotoRecord } from '../photo.repository.js';

export function photoIdOf(label: string): PhotoId {
  return createHash('sha256').update(label).digest('hex') as PhotoId;
}

/** A photo taken at `utc` (null: no capture time), optionally in a city. */
export function photoRecord(
  label: string,
  utc: string | null,
  city: { geonameId: number; name: string; country: string } | null = null,
): PhotoRecord {
  return {
    id: photoIdOf(label),
    size: 1000,
    format: 'jpeg',
    kind: 'image',
    width: 4000,
    height: 3000,
    orientation: 1,
    takenAt: null,
    takenAtUtc: utc as UtcInstant | null,
    timeZone: null,
    timeSource: null,
    zoneSource: null,
    lat: null,
    lon: null,
    alt: null,
    make: null,
    model: null,
    city,
    thumbhash: null,
    phash: null,
    placeholder: false,
    starred: false,
    rating: null,
    caption: null,
  };
}
