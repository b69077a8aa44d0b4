// CSV records for the importer, read by csv-parse (RFC 4180: quoted fields with "" escapes and
// line breaks inside quotes, a leading BOM skipped). Line breaks may be CRLF, LF or CR, mixed
// in one file. Records carry the line they start on so errors can name it; the lines are
// counted here from each record's raw text, because csv-parse's own `info.lines` counts a CRLF
// inside a quoted field twice. Spreadsheets set to a European locale write ';' between fields:
// when the header has semicolons and no commas, ';' is the separator.
import { CsvError, parse, type InfoRecord } from 'csv-parse/sync';
import { ImportError } from '../catalog.errors.js';

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export function parseCsv(text: string, file: string): CsvRecord[] {
  const header = /^\uFEFF?([^\r\n]*)/.exec(text)![1]!;
  const records: CsvRecord[] = [];
  let line = 1; // where the next record starts
  try {
    parse(text, {
      bom: true,
      delimiter: header.includes(';') && !header.includes(',') ? ';' : ',',
      record_delimiter: ['\r\n', '\n', '\r'],
      // Rows are compared with the header by the importer, which words the problem.
      relax_column_count: true,
      raw: true,
      // With `raw` the record comes wrapped as { record, raw }, which the typings do not say.
      on_record: (wrapped: unknown, { raw }: InfoRecord) => {
        const { record } = wrapped as { record: string[] };
        // A blank line is no record (a trailing newline, spacing between blocks).
        if (!(record.length === 1 && record[0] === '')) records.push({ line, fields: record });
        line += lineBreaks(raw);
        return null;
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    throw csvProblem(e, file, line, records[0]?.fields);
  }
  return records;
}

/** csv-parse's error as the import error users see: file, line and column named. */
function csvProblem(
  e: CsvError,
  file: string,
  recordLine: number,
  header: string[] | undefined,
): ImportError {
  // `raw` is the failing record up to the error.
  const line = recordLine + lineBreaks(typeof e.raw === 'string' ? e.raw : undefined);
  const column = typeof e.column === 'number' ? e.column : undefined;
  const field =
    column === undefined ? undefined : header?.[column]?.trim() || `column ${column + 1}`;
  const bad = (l: number, problem: string) =>
    new ImportError('IMPORT_BAD_CSV', { file, line: l, field, problem });
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return bad(recordLine, 'a quoted field is never closed (missing ")');
    case 'CSV_INVALID_CLOSING_QUOTE': {
      // The message is the only place csv-parse names the character (a byte: ASCII only).
      const next = /got "([\x20-\x7e])"/.exec(e.message)?.[1];
      return bad(
        line,
        `unexpected ${next === undefined ? 'text' : JSON.stringify(next)} after a closing quote (quotes inside a field are written "")`,
      );
    }
    case 'INVALID_OPENING_QUOTE':
      return bad(
        line,
        'a quote inside a field that does not start with one (put the whole field in quotes and write the quote as "")',
      );
    default:
      return bad(line, e.message);
  }
}

function lineBreaks(raw: string | undefined): number {
  return raw?.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** One CSV field as RFC 4180 writes it: quoted when it holds a separator, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value == null) return '';
  const s = String(value);
  return /[",;\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
