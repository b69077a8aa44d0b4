// A small RFC 4180 reader: quoted fields with "" escapes and line breaks inside quotes,
// CRLF or LF, a leading BOM ignored. Records carry the line they start on so errors can name
// it. Spreadsheets set to a European locale write ';' between fields: when the header has
// semicolons and no commas, ';' is the separator.
import { ImportError } from '../catalog.errors.js';

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export function parseCsv(text: string, file: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quotedField = false;

  const endField = () => {
    fields.push(field);
    field = '';
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is no record (a trailing newline, spacing between blocks).
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' && field === '' && !quotedField) {
      // A quoted field: read to the closing quote.
      const start = line;
      i++;
      for (;;) {
        if (i >= src.length) {
          throw new ImportError('IMPORT_BAD_CSV', {
            file,
            line: start,
            problem: 'a quoted field is never closed (missing ")',
          });
        }
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      quotedField = true;
      const next = src[i];
      if (next !== undefined && next !== sep && next !== '\n' && next !== '\r') {
        throw new ImportError('IMPORT_BAD_CSV', {
          file,
          line,
          problem: `unexpected ${JSON.stringify(next)} after a closing quote (quotes inside a field are written "")`,
        });
      }
      continue;
    }
    if (c === sep) {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}

/** One CSV field as RFC 4180 writes it: quoted when it holds a separator, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value == null) return '';
  const s = String(value);
  return /[",;\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
