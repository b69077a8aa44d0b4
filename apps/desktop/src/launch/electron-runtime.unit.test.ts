import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-runtime.js';
import type { ElectronProbe } from './electron-runtime.js';

const pkg = path.resolve('/nm/electron');

function probe(files: Record<string, string>): ElectronProbe {
  return {
    resolve: () => path.join(pkg, 'package.json'),
    exists: (f) => f in files,
    read: (f) => files[f] ?? '',
  };
}

describe('findElectronBinary', () => {
  it('returns the binary the electron package names when it exists', () => {
    const binary = path.join(pkg, 'dist', 'electron');
    expect(
      findElectronBinary(probe({ [path.join(pkg, 'path.txt')]: 'electron', [binary]: '' })),
    ).toBe(binary);
  });

  it('finds no runtime when the download never happened or is incomplete', () => {
    expect(findElectronBinary(probe({}))).toBeNull();
    expect(findElectronBinary(probe({ [path.join(pkg, 'path.txt')]: 'electron' }))).toBeNull();
    expect(
      findElectronBinary({
        ...probe({}),
        resolve: () => {
          throw new Error("Cannot find module 'electron/package.json'");
        },
      }),
    ).toBeNull();
  });
});
