// Temporary folders for tests, removed when the test ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (…/main), from this file's location in src/ or dist/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** ../shared/fixtures beside the repository. */
export const FIXTURES_DIR = path.resolve(REPO_ROOT, '../shared/fixtures');
export const PHOTO_FIXTURES = path.join(FIXTURES_DIR, 'photos');

export function tempDir(prefix = 'encore-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies fixture files (relative to fixtures/photos) into dir, keeping their names. */
export function copyFixtures(dir: string, relPaths: string[], targetSub = ''): string[] {
  const out: string[] = [];
  for (const rel of relPaths) {
    const dest = path.join(dir, targetSub, path.basename(rel));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(PHOTO_FIXTURES, rel), dest);
    fs.chmodSync(dest, 0o644);
    out.push(dest);
  }
  return out;
}
