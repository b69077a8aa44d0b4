import type { LocalDateTime, UtcInstant } from '../domain/ids.js';
import type { MediaFormat } from '../media/format.js';

/** Where the capture instant came from, best first. */
export type TimeSource =
  | 'exif-original' // DateTimeOriginal (+SubSecTimeOriginal)
  | 'exif-create' // CreateDate / DateTimeDigitized
  | 'gps' // GPSDateStamp + GPSTimeStamp (UTC)
  | 'video' // QuickTime creation date
  | 'file-name' // IMG_20190521_104552, Screenshot 2019-05-21 at 10.45.52
  | 'file-mtime'
  | 'xmp' // XMP exif:DateTimeOriginal / photoshop:DateCreated / xmp:CreateDate
  | 'iptc'; // IPTC DateCreated + TimeCreated

/** Where the time zone came from. */
export type ZoneSource =
  | 'exif-offset' // OffsetTimeOriginal / OffsetTime / an offset in the value itself
  | 'gps-lookup' // offline IANA lookup from the GPS position
  | 'home-zone' // the user's home zone setting
  | 'utc' // the value was an instant in UTC with no better zone (video, GPS time)
  | 'xmp-offset' // the offset of an XMP date (also when it completes an EXIF date without one)
  | 'iptc-offset'; // the offset in IPTC TimeCreated (+0000 is not trusted: tools write it blindly)

export interface City {
  name: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  geonameId: number;
}

/** The warning codes this module emits (UPPER_SNAKE_CASE like the rest of the engine). */
export type MetadataWarningCode =
  | 'NO_CAPTURE_TIME' // nothing in metadata or name: the file's mtime was used
  | 'DATE_ONLY' // the chosen value had a date but no time of day
  | 'DATE_INVALID' // a date tag that is zeroed, impossible or garbage
  | 'TIME_IN_DST_GAP' // the wall time does not exist in the zone (moved forward)
  | 'TIME_AMBIGUOUS' // the wall time occurs twice in the zone (took the first)
  | 'HOME_ZONE_INVALID' // the home zone setting is not an IANA zone (UTC used)
  | 'GPS_EMPTY' // a GPS block without usable coordinates
  | 'GPS_INVALID' // coordinates out of range, not numbers, or exactly 0,0
  | 'ORIENTATION_INVALID' // EXIF Orientation outside 1..8
  | 'METADATA_UNREADABLE' // exifr failed or a metadata block (EXIF, IPTC, ...) is corrupt
  | 'FILE_UNREADABLE' // the file itself could not be read
  | 'VIDEO_UNREADABLE' // the QuickTime atoms could not be read
  | 'GEOCODER_UNAVAILABLE'; // reverse geocoding failed

export interface MetadataWarning {
  /** A MetadataWarningCode for warnings from this module; ingest adds its own codes. */
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
