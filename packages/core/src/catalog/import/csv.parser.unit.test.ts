import { describe, expect, it } from 'vitest';
import { draftsFromCsv } from './csv.import.js';
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
    expect(() => parseCsv('a,b\n1,"x"y\n', 'f.csv')).toThrow(/^f\.csv:2: b: unexpected "y"/);
  });

  it('names the line and column of a quote error after multi-line fields and CRLF', () => {
    // Line 2 holds a field across lines 2-3 (CRLF inside the quotes); the bad quote is on 5.
    const text = 'date,artist,venue\r\n1,"a\r\nb",c\r\n\r\n2,x,"Hall "Big" One"\r\n';
    expect(() => parseCsv(text, 'f.csv')).toThrow(
      expect.objectContaining({
        code: 'IMPORT_BAD_CSV',
        message: expect.stringMatching(/^f\.csv:5: venue: unexpected "B" after a closing quote/),
        details: expect.objectContaining({ file: 'f.csv', line: 5, field: 'venue' }),
      }),
    );
    expect(() => parseCsv('date,artist\n1,"a\nb"\n2,12" single\n', 'f.csv')).toThrow(
      /^f\.csv:4: artist: a quote inside a field that does not start with one/,
    );
  });

  it('gives records their start lines across CR, LF and CRLF, with blank lines skipped', () => {
    expect(parseCsv('a\rb\r\n"c\r\nd"\n\r\ne', 'f.csv')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
      { line: 3, fields: ['c\r\nd'] },
      { line: 6, fields: ['e'] },
    ]);
    expect(parseCsv('', 'f.csv')).toEqual([]);
  });

  it('reports a row with more fields than the header as IMPORT_BAD_CSV on its line', () => {
    const text =
      'date,artist,venue,city,country\n2019-05-01,"A\nB",V,C,DE\n2019-05-02,A,V,Berlin,Mitte,DE\n';
    expect(() => draftsFromCsv(text, 'f.csv')).toThrow(
      expect.objectContaining({
        code: 'IMPORT_BAD_CSV',
        message: expect.stringMatching(/^f\.csv:4: 6 fields but the header has 5/),
      }),
    );
  });

  it('quotes only what needs quoting, and reads back what it writes', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', ''];
    const line = values.map(csvField).join(',');
    expect(line).toBe('plain,"a,b","say ""hi""","two\nlines"," padded",');
    expect(parseCsv(line, 'f.csv')[0]!.fields).toEqual(values);
  });
});
