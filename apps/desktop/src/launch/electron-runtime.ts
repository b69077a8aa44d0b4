// Whether an Electron runtime is installed. We read what require('electron') would return
// (dist/<path.txt> inside the package) without calling it: since Electron 40 the require
// itself tries to download a missing binary, which would stall `npm start` offline.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ElectronProbe {
  /** Resolves a module id to a file, like require.resolve. */
  resolve(id: string): string;
  exists(file: string): boolean;
  read(file: string): string;
}

const nodeProbe = (): ElectronProbe => {
  const require = createRequire(import.meta.url);
  return {
    resolve: (id) => require.resolve(id),
    exists: existsSync,
    read: (file) => readFileSync(file, 'utf8'),
  };
};

export function findElectronBinary(probe: ElectronProbe = nodeProbe()): string | null {
  try {
    const dir = path.dirname(probe.resolve('electron/package.json'));
    const pathFile = path.join(dir, 'path.txt');
    if (!probe.exists(pathFile)) return null;
    const relative = probe.read(pathFile).trim();
    if (!relative) return null;
    const binary = path.join(dir, 'dist', relative);
    return probe.exists(binary) ? binary : null;
  } catch {
    return null;
  }
}
