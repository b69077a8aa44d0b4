// The real server as a child process for tests: `encore-server`'s main() from source through
// tsx, resolved once it prints the URL it listens on. Kill it (-9) or stop it (SIGTERM) and
// start another on the same data folder to test what survives.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  proc: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything it printed so far (the newest 200 kB). */
  output(): string;
}

export async function spawnServer(options: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "import { main } from './src/main.ts'; await main(process.env, process.argv.slice(1));",
      '--',
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      options.dataDir,
    ],
    { cwd: appDir, env: { ...process.env, LOG_LEVEL: 'silent', ...options.env }, stdio: 'pipe' },
  );
  let printed = '';
  const keep = (chunk: Buffer) => {
    printed = (printed + String(chunk)).slice(-200_000);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sync server printed no URL: ${printed}`)),
      60_000,
    );
    proc.stdout.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`sync server exited: ${printed}`));
    });
  });
  return { proc, url, port: Number(new URL(url).port), exited, output: () => printed };
}
