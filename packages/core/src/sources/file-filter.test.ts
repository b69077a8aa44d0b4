import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCandidateFile, isHiddenOrSystem, isIgnoredRelPath } from './file-filter.js';

describe('file filter', () => {
  it('hides dot files, Office lock files and system names in any case', () => {
    for (const name of [
      '.DS_Store',
      '.hidden.jpg',
      '~$report.docx',
      'Thumbs.db',
      'desktop.ini',
      '@eaDir',
      'Icon\r',
      '$RECYCLE.BIN',
      'lost+found',
      'System Volume Information',
    ]) {
      expect(isHiddenOrSystem(name), name).toBe(true);
    }
    for (const name of [
      'IMG_0001.JPG',
      '~photo.jpg',
      'thumbs.db.jpg',
      'desktop',
      'a$',
      '',
      'x.ini',
    ]) {
      expect(isHiddenOrSystem(name), name).toBe(false);
    }
  });

  it('skips sidecars, documents and audio by extension, whatever its case; keeps the rest', () => {
    for (const name of [
      'IMG_0001.xmp',
      'IMG_0001.AAE',
      'notes.TXT',
      'show.flac',
      'a.crdownload',
      'x.7z',
      'y.ds_store',
      'Thumbs.db',
      '.x.jpg',
    ]) {
      expect(isCandidateFile(name), name).toBe(false);
    }
    for (const name of [
      'IMG_0001.JPG',
      'IMG_0001.heic',
      'clip.MOV',
      'raw.CR3',
      'noext',
      'a.',
      'photo.jpeg.bak',
      'odd.xmpx',
      'x.7zz',
      'xmp',
      'a.b.jpg',
    ]) {
      expect(isCandidateFile(name), name).toBe(true);
    }
  });

  it('ignores a relative path under a hidden or system folder, or naming a skipped file', () => {
    const p = (...parts: string[]) => parts.join(path.sep);
    expect(isIgnoredRelPath(p('2024', 'show', 'IMG_1.jpg'))).toBe(false);
    expect(isIgnoredRelPath('IMG_1.jpg')).toBe(false);
    expect(isIgnoredRelPath(p('.trash', 'IMG_1.jpg'))).toBe(true);
    expect(isIgnoredRelPath(p('2024', '@eaDir', 'IMG_1.jpg'))).toBe(true);
    expect(isIgnoredRelPath(p('2024', 'IMG_1.xmp'))).toBe(true);
    expect(isIgnoredRelPath(p('2024', '.IMG_1.jpg'))).toBe(true);
    expect(isIgnoredRelPath('')).toBe(false);
  });
});
