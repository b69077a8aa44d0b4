// The user's concert history as CSV in the columns the CSV importer reads: one row per
// artist per show, in bill order (position 1 opens). lat/lon are the venue's own position
// when the user gave one; a city's centre is not written, since reading it back would
// pin the venue there.
import { csvField } from '../import/csv.parser.js';
import type { ShowRecord } from '../types.js';

export const CSV_EXPORT_COLUMNS = [
  'date',
  'artist',
  'venue',
  'city',
  'country',
  'lat',
  'lon',
  'position',
  'tour',
] as const;

export function showsToCsv(shows: readonly ShowRecord[]): string {
  const lines = [CSV_EXPORT_COLUMNS.join(',')];
  for (const s of shows) {
    s.artists.forEach((a, i) => {
      lines.push(
        [
          s.date,
          a.name,
          s.venue.name,
          s.venue.cityName,
          s.venue.country,
          s.venue.lat,
          s.venue.lon,
          i + 1,
          s.tour,
        ]
          .map(csvField)
          .join(','),
      );
    });
  }
  // CRLF as RFC 4180 says, which spreadsheets on every platform read.
  return lines.join('\r\n') + '\r\n';
}
