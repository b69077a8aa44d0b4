// A library and a source folder on disk for the sources tests, removed when the test ends.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Library } from '../../library/library.js';
import { tempDir } from '../../testing/temp.js';
import { SourceService } from '../source.service.js';

export type Cleanups = (() => void | Promise<void>)[];

export function sourceSetup(cleanups: Cleanups): {
  lib: Library;
  svc: SourceService;
  folder: string;
} {
  const lib = tempDir();
  const folder = tempDir();
  // rm -rf, not fs.rmSync: a tree deeper than PATH_MAX cannot be removed by absolute paths.
  cleanups.push(lib.cleanup, () => void execFileSync('rm', ['-rf', folder.dir]));
  const library = Library.open(lib.dir);
  cleanups.unshift(() => library.close());
  return {
    lib: library,
    svc: new SourceService(library, () => {}),
    folder: fs.realpathSync(folder.dir),
  };
}

/** Writes a file under root, making its folders. */
export function writeUnder(root: string, rel: string, content = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}
