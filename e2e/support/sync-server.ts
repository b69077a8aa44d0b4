// A real sync server for client tests: `encore-server`'s main() from source (through tsx)
// in a child process, on PGlite in a temp data folder or on a PostgreSQL database. It can
// be stopped, killed and started again on the same data (and the same port, so signed-in
// libraries keep their server URL).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  spawnServer,
  type ServerProcess,
} from '../../apps/sync-server/src/testing/server-process.js';

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
  /** The running server; `last` stays after it stops, for its output. */
  let child: ServerProcess | null = null;
  let last: ServerProcess | null = null;
  let port = 0;

  const launch = async (): Promise<void> => {
    const server = await spawnServer({
      dataDir,
      port,
      env: {
        LOG_LEVEL: 'warn',
        RATE_LIMIT_IP_PER_MIN: '100000',
        RATE_LIMIT_DEVICE_PER_MIN: '100000',
        RATE_LIMIT_AUTH_PER_MIN: '100000',
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        ...options.env,
      },
    });
    child = last = server;
    port = server.port;
    handle.url = server.url;
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const server = child;
    child = null;
    if (!server || server.proc.exitCode !== null) return;
    server.proc.kill(signal);
    await server.exited;
  };

  const handle: SyncServerProcess = {
    url: '',
    get port() {
      return port;
    },
    dataDir,
    output: () => last?.output() ?? '',
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
