// Show dates are local calendar dates, kept as YYYY-MM-DD. setlist.fm writes dd-MM-yyyy;
// CSV files from people use either. Both are checked against the calendar (no 31-02).
import type { LocalDate } from './types.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const SETLISTFM = /^(\d{2})-(\d{2})-(\d{4})$/;

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1000) return false;
  // Day 0 of the next month is the last day of this one.
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function make(y: string, m: string, d: string): LocalDate | null {
  return valid(Number(y), Number(m), Number(d)) ? (`${y}-${m}-${d}` as LocalDate) : null;
}

/** YYYY-MM-DD, or null when the text is not a real calendar date in that form. */
export function parseIsoDate(text: string): LocalDate | null {
  const m = ISO.exec(text.trim());
  return m ? make(m[1]!, m[2]!, m[3]!) : null;
}

/** setlist.fm's dd-MM-yyyy, or null when the text is not a real date in that form. */
export function parseSetlistfmDate(text: string): LocalDate | null {
  const m = SETLISTFM.exec(text.trim());
  return m ? make(m[3]!, m[2]!, m[1]!) : null;
}

/** Either form (what a CSV column accepts). */
export function parseAnyDate(text: string): LocalDate | null {
  return parseIsoDate(text) ?? parseSetlistfmDate(text);
}

/** YYYY-MM-DD -> dd-MM-yyyy, for setlist.fm queries. */
export function toSetlistfmDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}-${m}-${y}`;
}
