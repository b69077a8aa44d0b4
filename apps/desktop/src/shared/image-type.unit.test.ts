import { describe, expect, it } from 'vitest';
import { imageTypeOf } from './image-type.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)));

describe('imageTypeOf', () => {
  it('recognises the renditions a sync server keeps by their first bytes', () => {
    expect(imageTypeOf(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
    expect(imageTypeOf(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageTypeOf(bytes([0x89], 'PNG', [13, 10, 26, 10]))).toBe('image/png');
    expect(imageTypeOf(bytes([0, 0, 0, 28], 'ftypavif'))).toBe('image/avif');
  });

  it('refuses anything else, so the host never serves it as an image', () => {
    expect(imageTypeOf(bytes('<html><script>'))).toBeNull();
    expect(imageTypeOf(bytes('RIFF'))).toBeNull();
    expect(imageTypeOf(new Uint8Array())).toBeNull();
  });
});
