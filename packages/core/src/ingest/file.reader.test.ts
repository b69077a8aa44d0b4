import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { readAndHash } from './file.reader.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function file(content: Buffer): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const p = path.join(t.dir, 'photo.bin');
  fs.writeFileSync(p, content);
  return p;
}

const jpegLike = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3 << 20, 7)]);

describe('readAndHash', () => {
  it('hashes the whole file with sha256 and keeps the bytes of images', async () => {
    const p = file(jpegLike);
    const r = await readAndHash(p, () => 'jpeg');
    expect(r.photoId).toBe(createHash('sha256').update(jpegLike).digest('hex'));
    expect(r.bytes?.equals(jpegLike)).toBe(true);
    expect(r.size).toBe(jpegLike.length);
  });

  it('streams video without keeping it in memory', async () => {
    const p = file(jpegLike);
    const r = await readAndHash(p, () => 'mp4');
    expect(r.bytes).toBeUndefined();
    expect(r.photoId).toBe(createHash('sha256').update(jpegLike).digest('hex'));
  });

  it('detects a file replaced while it is being read', async () => {
    const p = file(jpegLike);
    // The sniffer runs after the first bytes are read: swap the file under the reader there.
    const replace = (): 'jpeg' => {
      fs.writeFileSync(p + '.new', Buffer.concat([jpegLike, Buffer.from('more')]));
      fs.renameSync(p + '.new', p);
      return 'jpeg';
    };
    await expect(readAndHash(p, replace)).rejects.toMatchObject({ code: 'FILE_CHANGED' });
  });

  it('detects a file appended to while it is being read', async () => {
    const p = file(jpegLike);
    const append = (): 'jpeg' => {
      fs.appendFileSync(p, 'tail');
      return 'jpeg';
    };
    await expect(readAndHash(p, append)).rejects.toMatchObject({ code: 'FILE_CHANGED' });
  });

  it('names unrecognised and empty files', async () => {
    await expect(
      readAndHash(file(Buffer.from('hello, not a photo')), () => null),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: expect.stringContaining('photo.bin'),
    });
    await expect(readAndHash(file(Buffer.alloc(0)), () => 'jpeg')).rejects.toMatchObject({
      code: 'EMPTY_FILE',
    });
  });
});
