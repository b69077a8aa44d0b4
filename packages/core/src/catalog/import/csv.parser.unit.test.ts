import { describe, expect, it } from 'vitest';
import { csvField, parseCsv } from './csv.parser.js';

describe('CSV reader (RFC 4180)', () => {
  it('reads quoted fields with commas, "" escapes and line breaks, naming start lines', () => {
    const text =
      'date,artist,venue\r\n2019-05-01,"Nick Cave & the Bad Seeds","Hall, ""Big"" One"\r\n' +
      '2019-05-02,"Two\nLines",Club\n\n2019-05-03,,""\n';
    expect(parseCsv(text, 'f.csv')).toEqual([
      { line: 1, fields: ['date', 'artist', 'venue'] },
      { line: 2, fields: ['2019-05-01', 'Nick Cave & the Bad Seeds', 'Hall, "Big" One'] },
      { line: 3, fields: ['2019-05-02', 'Two\nLines', 'Club'] },
      { line: 6, fields: ['2019-05-03', '', ''] },
    ]);
  });

  it('takes ; as the separator when the header uses it (spreadsheets in European locales)', () => {
    expect(parseCsv('\uFEFFdate;artist\n2019-05-01;"A;B"\n', 'f.csv')[1]!.fields).toEqual([
      '2019-05-01',
      'A;B',
    ]);
  });

  it('names the line of an unclosed quote and of text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'f.csv')).toThrow(/^f\.csv:2: .*never closed/);
    expect(() => parseCsv('a,b\n1,"x"y\n', 'f.csv')).toThrow(/^f\.csv:2: unexpected "y"/);
  });

  it('quotes only what needs quoting, and reads back what it writes', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', ''];
    const line = values.map(csvField).join(',');
    expect(line).toBe('plain,"a,b","say ""hi""","two\nlines"," padded",');
    expect(parseCsv(line, 'f.csv')[0]!.fields).toEqual(values);
  });
});
