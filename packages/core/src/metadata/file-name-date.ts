// Capture dates that only survive in a file name: screenshots, messenger exports, phone
// camera names of files whose EXIF was stripped. Only patterns phones and desktop tools
// really write are accepted; a bare 8-digit number in a name is not taken as a date.
import { isValidWallTime } from './exif-date.js';
import type { WallTime } from './time-zone.js';

export interface FileNameDate {
  wall: WallTime;
  /** The name held a date but no time (WhatsApp); the time was set to noon. */
  dateOnly: boolean;
}

interface Pattern {
  re: RegExp;
  dateOnly?: boolean;
}

// Groups: year, month, day, hour, minute, second, [milliseconds], [am/pm]. The (?<!\d) and
// (?!\d) guards keep a date from being cut out of a longer run of digits.
const PATTERNS: Pattern[] = [
  // IMG_20190521_104552, VID_20190521_104552, PXL_20190521_104552123, 20190521_104552,
  // Samsung 20190521_104552(1), MVIMG_..., IMG_20190521_104552_HDR
  { re: /(?<!\d)(\d{4})(\d{2})(\d{2})[_-](\d{2})(\d{2})(\d{2})(\d{3})?(?!\d)/ },
  // macOS: "Screenshot 2019-05-21 at 10.45.52", "Screen Shot 2019-05-21 at 3.45.52 PM",
  // also with the spaces turned into underscores by upload tools.
  { re: /(\d{4})-(\d{2})-(\d{2})[ _]at[ _](\d{1,2})\.(\d{2})\.(\d{2})()(?:[ _\u202f]?([AP]M))?/i },
  // Dropbox/Camera uploads "2019-05-21 10.45.52", Android "Screenshot_2019-05-21-10-45-52"
  { re: /(?<!\d)(\d{4})-(\d{2})-(\d{2})[ _-](\d{2})[.\-:](\d{2})[.\-:](\d{2})(?!\d)/ },
  // WhatsApp "IMG-20190521-WA0001", "VID-20190521-WA0001": the day it was received only.
  { re: /(?:IMG|VID|PTT|AUD)-(\d{4})(\d{2})(\d{2})-WA\d+/i, dateOnly: true },
];

/** The wall time encoded in a file name (basename or path), or null. */
export function dateFromFileName(fileName: string): FileNameDate | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  for (const { re, dateOnly = false } of PATTERNS) {
    const m = re.exec(base);
    if (!m) continue;
    let hour = dateOnly ? 12 : Number(m[4]);
    const ampm = m[8]?.toUpperCase();
    if (ampm === 'PM' && hour < 12) hour += 12;
    if (ampm === 'AM' && hour === 12) hour = 0;
    const wall: WallTime = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour,
      minute: dateOnly ? 0 : Number(m[5]),
      second: dateOnly ? 0 : Number(m[6]),
      millisecond: !dateOnly && m[7] ? Number(m[7]) : 0,
    };
    if (isValidWallTime(wall)) return { wall, dateOnly };
  }
  return null;
}
