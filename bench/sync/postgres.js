// A throwaway PostgreSQL for bench:sync: initdb into a temp dir (as the postgres user when
// running as root), on a free loopback port, durability off (as the server's test cluster in
// apps/sync-server/src/testing/postgres-cluster.ts, which the build does not emit).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const ROOT = '/usr/lib/postgresql';

export function findPostgresBin() {
  if (!existsSync(ROOT)) return null;
  const versions = readdirSync(ROOT)
    .filter((v) => existsSync(path.join(ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(ROOT, versions[0], 'bin') : null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(addr.port));
    });
  });
}

/**
 * Starts the cluster; returns { url, version, postmasterPid(), stop(), stopSync() } or null
 * when no PostgreSQL is installed.
 */
export async function startPostgres({ maxConnections = 300 } = {}) {
  const bin = findPostgresBin();
  if (!bin) return null;
  const dir = await mkdtemp(path.join(tmpdir(), 'encore-bench-pg-'));
  let runAs = [];
  if (process.getuid?.() === 0) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
    runAs = ['runuser', '-u', 'postgres', '--'];
  }
  const exec = (cmd, args) => {
    const argv = [...runAs, path.join(bin, cmd), ...args];
    return run(argv[0], argv.slice(1), { timeout: 60_000, cwd: dir });
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stopSync = () => {
    if (started) {
      try {
        const argv = [...runAs, path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
        execFileSync(argv[0], argv.slice(1), { cwd: dir, stdio: 'ignore', timeout: 10_000 });
      } catch {
        // already stopped
      }
      started = false;
    }
    try {
      execFileSync('rm', ['-rf', dir], { stdio: 'ignore' });
    } catch {
      // best effort
    }
  };
  try {
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
      `-c max_connections=${maxConnections}`,
      '-c shared_buffers=256MB',
    ].join(' ');
    started = true;
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
  } catch (err) {
    stopSync();
    throw err;
  }
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  await client.connect();
  let version;
  try {
    await client.query('CREATE DATABASE encore_bench');
    version = (await client.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
  return {
    url: `${base}/encore_bench`,
    /** The same database over the cluster's Unix socket (no loopback TCP stack). */
    socketUrl: `postgresql://postgres@/encore_bench?host=${encodeURIComponent(dir)}&port=${port}`,
    version,
    dir,
    /** The postmaster's pid (its backends are its children). */
    postmasterPid() {
      return Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    },
    stopSync,
    async stop() {
      if (started) {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(
          () => {},
        );
        started = false;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
