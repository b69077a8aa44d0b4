// Starts a throwaway PostgreSQL server for tests: initdb into a temp dir (as the postgres
// user when running as root, since initdb refuses root), on a free loopback port, with
// durability off. Returns null when no PostgreSQL binaries are installed.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const ROOT = '/usr/lib/postgresql';

export interface PgCluster {
  /** A fresh, empty database; returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory, or null. */
export function findPostgresBin(): string | null {
  if (!existsSync(ROOT)) return null;
  const versions = readdirSync(ROOT)
    .filter((v) => existsSync(path.join(ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(ROOT, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startPostgresCluster(): Promise<PgCluster | null> {
  const bin = findPostgresBin();
  if (!bin) return null;
  const dir = await mkdtemp(path.join(tmpdir(), 'encore-pg-'));
  const asRoot = process.getuid?.() === 0;
  let runAs: string[] = [];
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
    runAs = ['runuser', '-u', 'postgres', '--'];
  }
  const exec = (cmd: string, args: string[]) => {
    const argv = [...runAs, path.join(bin, cmd), ...args];
    return run(argv[0] as string, argv.slice(1), { timeout: 60_000, cwd: dir });
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  await exec('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  await exec('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    serverOptions,
    '-w',
    '-t',
    '30',
    'start',
  ]);

  // If the test process dies before stop(), do not leave a server behind.
  const stopSync = () => {
    try {
      const argv = [...runAs, path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
      execFileSync(argv[0] as string, argv.slice(1), {
        cwd: dir,
        stdio: 'ignore',
        timeout: 10_000,
      });
    } catch {
      // already stopped
    }
  };
  process.once('exit', stopSync);

  const base = `postgres://postgres@127.0.0.1:${port}`;
  let n = 0;
  return {
    async createDatabase() {
      const name = `encore_test_${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
    async stop() {
      process.removeListener('exit', stopSync);
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(
        () => {},
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
