// Turns one file's text into show drafts, choosing the reader by content rather than by
// name: JSON (a setlist.fm setlists response or an Encore export) starts with { or [,
// anything else is read as CSV.
import { ImportError } from '../catalog.errors.js';
import type { ShowDraft } from '../show-draft.js';
import { draftsFromCsv } from './csv.import.js';
import { draftsFromEncoreExport, isEncoreExport } from './encore-json.import.js';
import { jsonErrorPosition, lineAt } from './json-error-position.js';
import { draftsFromSetlists, setlistsFromJson } from './setlistfm.import.js';

export type ImportFormat = 'json' | 'csv';

export function detectFormat(text: string): ImportFormat {
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''))?.[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

export function draftsFromText(text: string, file: string): ShowDraft[] {
  if (detectFormat(text) === 'csv') return draftsFromCsv(text, file);
  const value = parseJson(text.replace(/^\uFEFF/, ''), file);
  if (isEncoreExport(value)) return draftsFromEncoreExport(value, file);
  return draftsFromSetlists(setlistsFromJson(value, file), 'setlistfm');
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const pos = jsonErrorPosition(text);
    // V8's messages end with a snippet or a position that the line already says.
    const message = (err as Error).message
      .replace(/,\s*(\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/\s+in JSON at position \d+.*$/s, '');
    throw new ImportError('IMPORT_BAD_JSON', {
      file,
      // Past the end means the file stops early: name its last line, not the newline after.
      line: lineAt(text, Math.min(pos, text.trimEnd().length)),
      problem: `not valid JSON: ${message}`,
    });
  }
}
