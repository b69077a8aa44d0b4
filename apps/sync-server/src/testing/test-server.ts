// Test harness: an app on PGlite (in memory) or on a test PostgreSQL database, a clock the
// test moves, captured log lines, and small HTTP helpers.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ChangeMessage, SignInResponse, SyncResponse } from '@encore/core/protocol';
import { formatHlc } from '@encore/core/protocol';
import { buildApp } from '../app.js';
import type { AppOptions } from '../app.js';
import { DEFAULT_CONFIG } from '../config.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { openPgDatabase } from '../db/pg.database.js';
import { openPgliteDatabase } from '../db/pglite.database.js';

export type BackendKind = 'pglite' | 'postgres';

export interface Backend {
  kind: BackendKind;
  open(): Promise<Database>;
}

export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

export function pgliteBackend(): Backend {
  return { kind: 'pglite', open: () => openPgliteDatabase(null) };
}

export function postgresBackend(url: string): Backend {
  return { kind: 'postgres', open: () => openPgDatabase({ connectionString: url, poolMax: 10 }) };
}

export class TestClock {
  private offset = 0;
  now = (): Date => new Date(Date.now() + this.offset);
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface TestServer {
  app: FastifyInstance;
  db: Database;
  clock: TestClock;
  logs: string[];
  /** The server's data dir (blobs live in `blobs/`); a temp dir removed on close unless given. */
  dataDir: string;
}

export async function startTestServer(
  db: Database,
  config: Partial<ServerConfig> = {},
  options: Partial<AppOptions> = {},
): Promise<TestServer> {
  const clock = new TestClock();
  const logs: string[] = [];
  const ownDir = config.dataDir === undefined;
  const dataDir = config.dataDir ?? mkdtempSync(path.join(tmpdir(), 'encore-server-test-'));
  const app = await buildApp({
    config: {
      ...DEFAULT_CONFIG,
      dataDir,
      logLevel: 'info',
      rateLimitIpPerMin: 100_000,
      rateLimitDevicePerMin: 100_000,
      rateLimitAuthPerMin: 100_000,
      ...config,
    },
    db,
    ownsDb: false,
    now: clock.now,
    scrypt: FAST_SCRYPT,
    logStream: { write: (line) => void logs.push(line) },
    ...options,
  });
  if (ownDir) app.addHook('onClose', () => rm(dataDir, { recursive: true, force: true }));
  return { app, db, clock, logs, dataDir };
}

let counter = 0;
export function uniqueEmail(prefix = 'fan'): string {
  return `${prefix}-${process.pid}-${Date.now()}-${++counter}@example.com`;
}

export const PASSWORD = 'correct horse battery staple';

export interface Session {
  email: string;
  token: string;
  userId: string;
  deviceId: string;
  /** HLC node derived from the device id. */
  node: string;
}

export async function signUp(app: FastifyInstance, email = uniqueEmail()): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/accounts',
    payload: { v: 1, email, password: PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  return email;
}

export async function signIn(
  app: FastifyInstance,
  email: string,
  deviceName = 'laptop',
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sessions',
    payload: { v: 1, email, password: PASSWORD, deviceName },
  });
  if (res.statusCode !== 201) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const body = res.json<SignInResponse>();
  return {
    email,
    token: body.token,
    userId: body.user.id,
    deviceId: body.device.id,
    node: body.device.id.replace(/-/g, ''),
  };
}

/** A new account with `devices` signed-in devices. */
export async function newUser(app: FastifyInstance, devices = 1): Promise<Session[]> {
  const email = await signUp(app);
  const sessions: Session[] = [];
  for (let i = 0; i < devices; i++) sessions.push(await signIn(app, email, `device ${i + 1}`));
  return sessions;
}

export function auth(s: Session): Record<string, string> {
  return { authorization: `Bearer ${s.token}` };
}

export const photo = (n: number): string => n.toString(16).padStart(64, '0');

/** A change from the session's device at wall time `wall` (ms) and counter. */
export function change(
  s: Session,
  partial: Partial<ChangeMessage> & { wall?: number; counter?: number } = {},
): ChangeMessage {
  const { wall = Date.now(), counter = 0, ...rest } = partial;
  return {
    table: 'photos',
    row: photo(1),
    column: 'starred',
    value: true,
    hlc: formatHlc({ wall, counter, node: s.node }),
    device: s.deviceId,
    ...rest,
  };
}

export async function push(
  app: FastifyInstance,
  s: Session,
  messages: ChangeMessage[],
  since = 0,
  limit?: number,
): Promise<{ status: number; body: SyncResponse & { code?: string; message?: string } }> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: auth(s),
    payload: { v: 1, since, messages, ...(limit ? { limit } : {}) },
  });
  return { status: res.statusCode, body: res.json() };
}
