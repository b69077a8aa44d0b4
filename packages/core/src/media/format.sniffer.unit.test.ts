import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from './format.sniffer.js';
import { fixturePath, readManifest } from './testing/fixtures-manifest.js';

function head(file: string, bytes = 4096): Buffer {
  const fd = fs.openSync(fixturePath(file), 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function ftyp(major: string, ...compatible: string[]): Buffer {
  const size = 16 + compatible.length * 4;
  const b = Buffer.alloc(size + 8);
  b.writeUInt32BE(size, 0);
  b.write('ftyp', 4, 'latin1');
  b.write(major, 8, 'latin1');
  compatible.forEach((c, i) => b.write(c, 16 + i * 4, 'latin1'));
  return b;
}

describe('sniffFormat', () => {
  for (const row of readManifest()) {
    it(`${row.file} is ${row.format}`, () => {
      expect(sniffFormat(head(row.file))).toBe(row.format);
    });
  }

  it('trusts bytes over the name: a JPEG named .heic is a JPEG', () => {
    expect(sniffFormat(head('malformed/photoprism__wrong.heic'))).toBe('jpeg');
  });

  it('tells HEIF brands apart', () => {
    expect(sniffFormat(ftyp('heic', 'mif1', 'heic'))).toBe('heic');
    expect(sniffFormat(ftyp('mif1', 'mif1', 'heic'))).toBe('heic');
    expect(sniffFormat(ftyp('mif1', 'mif1', 'miaf', 'av01'))).toBe('avif');
    expect(sniffFormat(ftyp('avis', 'avif', 'msf1'))).toBe('avif');
    expect(sniffFormat(ftyp('msf1', 'msf1', 'hevc'))).toBe('heic');
  });

  it('tells video and CR3 brands apart', () => {
    expect(sniffFormat(ftyp('qt  ', 'qt  '))).toBe('mov');
    expect(sniffFormat(ftyp('isom', 'isom', 'avc1'))).toBe('mp4');
    expect(sniffFormat(ftyp('M4V ', 'M4V ', 'mp42'))).toBe('mp4');
    expect(sniffFormat(ftyp('3gp5', '3gp5'))).toBe('mp4');
    expect(sniffFormat(ftyp('crx ', 'crx ', 'isom'))).toBe('cr3');
  });

  it('recognises TIFF-family headers', () => {
    expect(sniffFormat(Buffer.from('49492a0008000000', 'hex'))).toBe('tiff');
    expect(sniffFormat(Buffer.from('4949524f08000000', 'hex'))).toBe('orf');
    expect(sniffFormat(Buffer.from('4949550018000000', 'hex'))).toBe('rw2');
    expect(sniffFormat(Buffer.from('FUJIFILMCCD-RAW 0201FF383501', 'latin1'))).toBe('raf');
  });

  it('recognises GIF and returns null for unknown or empty input', () => {
    expect(sniffFormat(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBe('gif');
    expect(sniffFormat(Buffer.from('BM6\x00\x00\x00', 'latin1'))).toBeNull();
    expect(sniffFormat(Buffer.from('hello world, not an image', 'latin1'))).toBeNull();
    expect(sniffFormat(Buffer.alloc(0))).toBeNull();
    expect(sniffFormat(ftyp('zzzz', 'yyyy'))).toBeNull();
  });
});
