#!/usr/bin/env node
// Thin launcher for the built CLI (`npm install` builds it; so does `npm run build`).
import fs from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('encore: not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
await import(entry.href);
