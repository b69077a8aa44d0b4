// The command a user runs: starts on embedded defaults, prints its URL, stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('encore-server', () => {
  it('prints the URL it listens on, serves, and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'encore-cli-'));
    // Runs main() from source through tsx, as bin/encore-server.js does from dist.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { main } from './src/main.ts'; await main(process.env, process.argv.slice(1));",
        '--',
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      {
        cwd: appDir,
        env: { ...process.env, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += String(chunk);
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+) \(embedded database in /.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (out += String(chunk)));
        void exited.then(() => reject(new Error(`server exited: ${out}`)));
      });
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url}/ready`)).status).toBe(200);

      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('no exit after SIGTERM')), 15_000),
        ),
      ]);
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
