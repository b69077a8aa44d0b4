// Public surface of the metadata module: readMetadata for ingest, the gazetteer for concert
// matching, and the pure helpers other modules may reuse (time zones, ISO 6709, file names).
export { readMetadata } from './read-metadata.js';
export {
  Gazetteer,
  nearbyCities,
  reverseGeocode,
  distanceKm,
  DEFAULT_CITY_RADIUS_KM,
} from './geocoder.js';
export type { NearbyCity } from './geocoder.js';
export {
  zonedWallToUtc,
  offsetAt,
  formatLocal,
  formatUtc,
  zoneAtPosition,
  isValidTimeZone,
} from './time-zone.js';
export type { WallTime, ZonedInstant } from './time-zone.js';
export { parseIso6709, validatePosition } from './gps.js';
export type { GpsPosition } from './gps.js';
export { dateFromFileName } from './file-name-date.js';
export type * from './types.js';
