import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRemotePath, parseThumbPath, resolveStaticPath } from './app-paths.js';

const id = 'a'.repeat(64);

describe('parseThumbPath', () => {
  it('accepts exactly /thumbs/(grid|preview)/<64 lowercase hex>.webp', () => {
    expect(parseThumbPath(`/thumbs/grid/${id}.webp`)).toEqual({ size: 'grid', photoId: id });
    expect(parseThumbPath(`/thumbs/preview/${id}.webp`)).toEqual({ size: 'preview', photoId: id });
    for (const bad of [
      `/thumbs/grid/${id}.webp/`,
      `/thumbs/grid/${id}a.webp`,
      `/thumbs/grid/${'A'.repeat(64)}.webp`,
      `/thumbs/grid/${'g'.repeat(64)}.webp`,
      `/thumbs/grid/../${id}.webp`,
      `//thumbs/grid/${id}.webp`,
    ]) {
      expect(parseThumbPath(bad), bad).toBeNull();
    }
  });
});

describe('parseRemotePath', () => {
  it('accepts exactly /remote/(thumb|preview)/<64 lowercase hex>', () => {
    expect(parseRemotePath(`/remote/thumb/${id}`)).toEqual({ variant: 'thumb', photoId: id });
    expect(parseRemotePath(`/remote/preview/${id}`)).toEqual({ variant: 'preview', photoId: id });
    for (const bad of [
      `/remote/original/${id}`,
      `/remote/thumb/${id}/`,
      `/remote/thumb/${id}.webp`,
      `/remote/thumb/${'A'.repeat(64)}`,
      `/remote/thumb/../${id}`,
    ]) {
      expect(parseRemotePath(bad), bad).toBeNull();
    }
  });
});

describe('resolveStaticPath', () => {
  const root = path.resolve('/srv/renderer');

  it('maps / to index.html and paths to files under the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(path.join(root, 'assets', 'a b.js'));
  });

  it('refuses anything that could leave the root', () => {
    for (const bad of [
      '/..',
      '/../x',
      '/a/../../x',
      '/%2e%2e/x',
      '/a%2f..%2f..%2fx',
      '/a%5c..',
      '/%00',
      '/%E0%A4%A',
      'x',
    ]) {
      expect(resolveStaticPath(root, bad), bad).toBeNull();
    }
  });
});
