// A real sync server for client tests: `encore-server`'s main() from source (through tsx)
// in a child process, on PGlite in a temp data folder or on a PostgreSQL database. It can
// be stopped, killed and started again on the same data (and the same port, so signed-in
// libraries keep their server URL).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../apps/sync-server', import.meta.url));

export interface SyncServerProcess {
  url: string;
  port: number;
  /** Everything the server printed (for failure messages). */
  output(): string;
  dataDir: string;
  /** Graceful stop (SIGTERM). */
  stop(): Promise<void>;
  /** kill -9. */
  kill(): Promise<void>;
  /** Starts again on the same data and port. */
  start(): Promise<void>;
  /** Stops and deletes the data folder. */
  dispose(): Promise<void>;
}

export async function startSyncServer(
  options: { databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<SyncServerProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'encore-sync-server-'));
  let child: ChildProcess | null = null;
  let port = 0;
  let exited: Promise<void> = Promise.resolve();
  let printed = '';

  const launch = async (): Promise<void> => {
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
        String(port),
        '--data-dir',
        dataDir,
      ],
      {
        cwd: serverDir,
        env: {
          ...process.env,
          LOG_LEVEL: 'warn',
          RATE_LIMIT_IP_PER_MIN: '100000',
          RATE_LIMIT_DEVICE_PER_MIN: '100000',
          RATE_LIMIT_AUTH_PER_MIN: '100000',
          ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    const keep = (chunk: Buffer) => {
      printed = (printed + String(chunk)).slice(-200_000);
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`sync server printed no URL: ${out}`)),
        60_000,
      );
      proc.stdout!.on('data', (chunk: Buffer) => {
        out += String(chunk);
        const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          port = Number(m[2]);
          resolve(m[1]);
        }
      });
      proc.stderr!.on('data', (chunk: Buffer) => (out += String(chunk)));
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`sync server exited: ${out}`));
      });
    });
    handle.url = url;
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    proc.kill(signal);
    await exited;
  };

  const handle: SyncServerProcess = {
    url: '',
    get port() {
      return port;
    },
    dataDir,
    output: () => printed,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    start: launch,
    dispose: async () => {
      await halt('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await launch();
  return handle;
}
