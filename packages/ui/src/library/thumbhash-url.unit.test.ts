import { describe, expect, it } from 'vitest';
import { rgbaToThumbHash } from 'thumbhash';
import { thumbhashDataUrl } from './thumbhash-url.js';

describe('thumbhashDataUrl', () => {
  it('turns a base64 ThumbHash into a PNG data URL', () => {
    const rgba = new Uint8Array(8 * 8 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256));
    const hash = Buffer.from(rgbaToThumbHash(8, 8, rgba)).toString('base64');
    expect(thumbhashDataUrl(hash)).toMatch(/^data:image\/png;base64,/);
  });

  it('gives null for no hash or garbage', () => {
    expect(thumbhashDataUrl(null)).toBeNull();
    expect(thumbhashDataUrl('%%%')).toBeNull();
  });
});
