// Errors of the catalog with stable codes. Import errors name the file, the line (CSV, JSON
// syntax) or the path inside the JSON, and the field, so the user can go and fix it.
import { EncoreError } from '../domain/errors.js';

export type ImportErrorCode =
  | 'IMPORT_UNREADABLE' // the file could not be read
  | 'IMPORT_BAD_JSON' // not JSON at all
  | 'IMPORT_BAD_ENVELOPE' // JSON, but not a setlists response or an Encore export
  | 'IMPORT_BAD_FIELD' // a value that fails its rule (date, coordinates, missing name...)
  | 'IMPORT_BAD_CSV' // quoting or field count
  | 'IMPORT_MISSING_COLUMN'; // a required CSV column is absent from the header

export interface ImportProblem {
  file: string;
  /** 1-based line, when the format has lines worth naming. */
  line?: number;
  /** Column name or JSON path such as setlist[3].eventDate. */
  field?: string;
  problem: string;
}

export class ImportError extends EncoreError {
  constructor(code: ImportErrorCode, p: ImportProblem) {
    const where = [p.file, p.line != null ? String(p.line) : null].filter(Boolean).join(':');
    super(code, `${where}: ${p.field ? `${p.field}: ` : ''}${p.problem}`, { ...p });
    this.name = 'ImportError';
  }
}

/** Shows, venues or artists the user pointed at that do not exist or clash. */
export class CatalogError extends EncoreError {
  constructor(
    code: 'SHOW_NOT_FOUND' | 'SHOW_EXISTS' | 'SHOW_IN_USE' | 'SHOW_INVALID',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
    this.name = 'CatalogError';
  }
}

/** How a value appears in a message: strings as written, everything else as JSON. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}
