import type { LocalDateTime, UtcInstant } from '../domain/ids.js';
import type { MediaFormat } from '../media/format.js';

/** Where the capture instant came from, best first. */
export type TimeSource =
  | 'exif-original' // DateTimeOriginal (+SubSecTimeOriginal)
  | 'exif-create' // CreateDate / DateTimeDigitized
  | 'gps' // GPSDateStamp + GPSTimeStamp (UTC)
  | 'video' // QuickTime creation date
  | 'file-name' // IMG_20190521_104552, Screenshot 2019-05-21 at 10.45.52
  | 'file-mtime';

/** Where the time zone came from. */
export type ZoneSource =
  | 'exif-offset' // OffsetTimeOriginal / OffsetTime / an offset in the value itself
  | 'gps-lookup' // offline IANA lookup from the GPS position
  | 'home-zone' // the user's home zone setting
  | 'utc'; // the value was an instant in UTC with no better zone (video, GPS time)

export interface City {
  name: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  geonameId: number;
}

export interface MetadataWarning {
  code: string;
  message: string;
}

export interface PhotoMetadata {
  /** Local wall time with offset, milliseconds when known; null when the file has no time at all. */
  takenAt: LocalDateTime | null;
  takenAtUtc: UtcInstant | null;
  /** IANA zone, or null when only a fixed offset is known (then takenAt still carries it). */
  timeZone: string | null;
  timeSource: TimeSource | null;
  zoneSource: ZoneSource | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  /** EXIF orientation 1..8 (1 when absent). */
  orientation: number;
  /** Dimensions as displayed (after orientation), when the metadata knows them. */
  width: number | null;
  height: number | null;
  make: string | null;
  model: string | null;
  city: City | null;
  /** Things that were wrong but did not stop ingest (bad GPS, unreadable EXIF block, ...). */
  warnings: MetadataWarning[];
}

export interface MetadataInput {
  path: string;
  /** The whole file, when already read (images). Absent for large files (video): read by path. */
  bytes?: Buffer;
  format: MediaFormat;
  mtimeMs: number;
  /** Raw EXIF (TIFF) block as sharp returns it, when the caller has it (HEIC: required). */
  exif?: Buffer;
  xmp?: Buffer;
}

export interface MetadataOptions {
  /** IANA zone used when neither the file nor GPS says where the photo was taken. */
  homeZone: string;
}
