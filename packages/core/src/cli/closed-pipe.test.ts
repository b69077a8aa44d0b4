// `encore photos --json | head -c 1`: the reader leaves early; the command must end quietly
// (exit 0, nothing on stderr) instead of an EPIPE stack trace.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixtures, tempDir } from '../testing/temp.js';
import { main } from './main.js';
import { PassThrough } from 'node:stream';

const CLI = fileURLToPath(new URL('./bin.ts', import.meta.url));

describe('encore on a closed pipe', () => {
  const lib = tempDir();
  const folder = tempDir();
  afterAll(() => {
    lib.cleanup();
    folder.cleanup();
  });

  it('ends quietly when the reader of its output has gone', async () => {
    copyFixtures(folder.dir, ['jpeg_gps/mei__Apple_iPhone_4.jpg', 'jpeg_gps/exiftool__Google.jpg']);
    const sink = new PassThrough().resume();
    expect(await main(['--library', lib.dir, 'scan', folder.dir], { out: sink, err: sink })).toBe(
      0,
    );
    // `true` exits at once, so every write of the CLI meets a closed pipe.
    const script = `set -o pipefail; node --import tsx "${CLI}" --library "${lib.dir}" photos --json | true; echo "exit=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim()).toBe('exit=0');
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  }, 120_000);
});
