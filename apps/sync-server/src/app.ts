// Builds the Fastify app on an open database: migrations, services, rate limits, metrics,
// routes, the event hub and the compaction job. Routes stay thin and call services.
import path from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { BlobStore } from './blobs/blob-store.js';
import { FsBlobStore } from './blobs/fs-blob-store.js';
import type { ServerConfig } from './config.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrations/index.js';
import { rateLimited } from './errors.js';
import {
  MAX_PARAM_LENGTH,
  RouteTable,
  clientErrorHandler,
  errorHandler,
  frameworkErrors,
  notFoundHandler,
} from './http-errors.js';
import { authHook } from './http/auth.js';
import { loggerOptions } from './http/logging.js';
import type { LogSink } from './http/logging.js';
import { ServerMetrics } from './http/metrics.js';
import { RateLimiter } from './http/rate-limiter.js';
import { bodyDeadlines, closeIfBodyUnread, serverTimeoutOptions } from './http/timeouts.js';
import type { RequestTimeouts } from './http/timeouts.js';
import { SignInFailureRepository } from './repositories/sign-in-failure.repository.js';
import { SyncLogRepository } from './repositories/sync-log.repository.js';
import { accountRoutes } from './routes/accounts.routes.js';
import { blobRoutes } from './routes/blobs.routes.js';
import { deviceRoutes } from './routes/devices.routes.js';
import { eventRoutes } from './routes/events.routes.js';
import { opsRoutes } from './routes/ops.routes.js';
import { syncRoutes } from './routes/sync.routes.js';
import { AccountService } from './services/account.service.js';
import type { LockoutPolicy } from './services/account.service.js';
import { BlobService } from './services/blob.service.js';
import { EventHub } from './services/event-hub.js';
import type { ScryptParams } from './services/password.js';
import { SyncService } from './services/sync.service.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const DAY_MS = 86_400_000;
/** Routes outside the per-address limit (probes and scrapers call them often). */
const UNLIMITED = new Set(['/health', '/ready', '/metrics']);
/** Each of these hashes a password: a tighter per-address limit. */
const AUTH_ROUTES = new Set(['/v1/accounts', '/v1/sessions']);

export interface AppOptions {
  config: ServerConfig;
  db: Database;
  /** Close the database when the app closes (default true). */
  ownsDb?: boolean;
  /** The clock (tests move it). */
  now?: () => Date;
  scrypt?: ScryptParams;
  lockout?: LockoutPolicy;
  /** Where log lines go (default stdout). */
  logStream?: LogSink;
  heartbeatMs?: number;
  /** Where blob bytes live (default: the filesystem store in DATA_DIR/blobs). */
  blobStore?: BlobStore;
  /** On shutdown, uploads still streaming after this long are cut (default 7 s). */
  uploadGraceMs?: number;
}

export interface EncoreServices {
  accounts: AccountService;
  sync: SyncService;
  blobs: BlobService;
  hub: EventHub;
  metrics: ServerMetrics;
  /** Runs one compaction pass now (the periodic job calls this). */
  compact: () => Promise<{ users: number; deleted: number; blobsSwept: number }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    encore: EncoreServices;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const now = options.now ?? (() => new Date());
  await migrate(db);

  const timeouts: RequestTimeouts = {
    headersMs: config.headersTimeoutMs,
    requestMs: config.requestTimeoutMs,
    bodyIdleMs: config.bodyIdleTimeoutMs,
    keepAliveMs: config.keepAliveTimeoutMs,
  };
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Every error, also the ones raised before routing or by Node's parser, is {code, message}.
    frameworkErrors,
    clientErrorHandler,
    ...serverTimeoutOptions(timeouts),
  });
  app.setErrorHandler(errorHandler);
  const routes = new RouteTable();
  app.addHook('onRoute', routes.add);
  app.setNotFoundHandler(notFoundHandler(routes.allowed));
  // JSON bodies only (Fastify would also take text/plain); anything else is 415.
  app.removeContentTypeParser('text/plain');
  app.addHook('preParsing', bodyDeadlines(timeouts));
  app.addHook('onSend', closeIfBodyUnread);

  const metrics = new ServerMetrics();
  const accounts = new AccountService(db, {
    now,
    tokenIdleMs: config.tokenIdleDays * DAY_MS,
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    ...(options.lockout ? { lockout: options.lockout } : {}),
  });
  const sync = new SyncService(db, { now, onAppended: (n) => metrics.appended.inc({}, n) });
  const log = new SyncLogRepository(db);
  const hub = new EventHub(db, {
    onPoke: () => metrics.pokes.inc(),
    onRevoke: (deviceId) => accounts.forgetDevice(deviceId),
    onCount: (d) => metrics.wsConnections.add(d),
    onError: (err) => app.log.warn({ err }, 'event notification failed'),
  });
  const blobStore = options.blobStore ?? new FsBlobStore(path.join(config.dataDir, 'blobs'));
  // Uploads a killed process left half-written are discarded before anything else runs.
  const { discarded } = await blobStore.init();
  if (discarded > 0) app.log.warn({ discarded }, 'discarded unfinished blob uploads');
  const blobs = new BlobService(db, blobStore, {
    now,
    maxBytes: config.blobMaxBytes,
    quotaBytes: config.blobQuotaBytes,
    onBytes: (n) => metrics.blobBytes.inc({}, n),
    onInFlight: (d) => metrics.blobUploads.add(d),
    onError: (err, what) => app.log.warn({ err }, what),
    bodyIdleMs: config.bodyIdleTimeoutMs,
  });
  const failures = new SignInFailureRepository(db);
  const compact = async () => {
    const result = await sync.compactAll(config.logRetentionDays * DAY_MS);
    await failures.prune(new Date(now().getTime() - DAY_MS));
    metrics.compacted.inc({}, result.deleted);
    const blobsSwept = await blobs.sweepUnstarred(now(), config.blobUnstarredGraceDays * DAY_MS);
    if (blobsSwept > 0) app.log.info({ blobsSwept }, 'deleted blobs of photos no longer starred');
    return { ...result, blobsSwept };
  };
  app.decorate('encore', { accounts, sync, blobs, hub, metrics, compact });

  const ipLimiter = new RateLimiter({
    perMinute: config.rateLimitIpPerMin,
    burst: Math.max(10, config.rateLimitIpPerMin / 4),
  });
  const deviceLimiter = new RateLimiter({
    perMinute: config.rateLimitDevicePerMin,
    burst: Math.max(10, config.rateLimitDevicePerMin / 4),
  });
  const authLimiter = new RateLimiter({
    perMinute: config.rateLimitAuthPerMin,
    burst: Math.max(5, config.rateLimitAuthPerMin / 3),
  });
  const onLimited = () => metrics.rateLimited.inc();

  app.addHook('onRequest', async (req) => {
    // By the matched route, never the raw URL: `/v1/sessions?x=1` is still a sign-in.
    const route = req.routeOptions.url;
    if (route !== undefined && UNLIMITED.has(route)) return;
    const wait = ipLimiter.take(req.ip, Date.now());
    if (wait > 0) {
      onLimited();
      throw rateLimited('Too many requests from this address', wait);
    }
    if (req.method === 'POST' && route !== undefined && AUTH_ROUTES.has(route)) {
      const authWait = authLimiter.take(req.ip, Date.now());
      if (authWait > 0) {
        onLimited();
        throw rateLimited('Too many sign-ups or sign-ins from this address', authWait);
      }
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.duration.observe({ route }, reply.elapsedTime / 1000);
  });

  // Compaction runs on every instance; the per-user head lock keeps passes from colliding.
  const timer = setInterval(
    () => void compact().catch((err: unknown) => app.log.error({ err }, 'compaction failed')),
    config.compactionIntervalMin * 60_000,
  );
  timer.unref();
  // Before the WebSocket plugin's own preClose, so our sockets close with 1001 and a reason.
  // Uploads get a grace period to finish; the ones cut discard their staged bytes.
  app.addHook('preClose', async () => {
    clearInterval(timer);
    await Promise.all([hub.stop(), blobs.stop(options.uploadGraceMs ?? 7_000)]);
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  const auth = authHook(accounts, deviceLimiter, onLimited);
  const wsAuth = authHook(accounts, deviceLimiter, onLimited, true);
  opsRoutes(app, { db, metrics });
  accountRoutes(app, { accounts });
  deviceRoutes(app, { accounts, auth });
  syncRoutes(app, { sync, auth });
  eventRoutes(app, { hub, log, auth: wsAuth });
  await app.register(blobRoutes, { blobs, auth });

  await hub.start(options.heartbeatMs ?? 30_000);

  app.addHook('onClose', async () => {
    await blobs.stop();
    if (options.ownsDb ?? true) await db.close();
  });
  return app;
}
