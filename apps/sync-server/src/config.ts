// The one module that reads the server's environment, validated into a typed config.
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0..65535')
    .max(65535, 'must be 0..65535')
    .default(8787),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DB_POOL_MAX: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(10),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  RATE_LIMIT_IP_PER_MIN: positive(100_000).default(600),
  RATE_LIMIT_DEVICE_PER_MIN: positive(100_000).default(300),
  RATE_LIMIT_AUTH_PER_MIN: positive(100_000).default(30),
  LOG_RETENTION_DAYS: positive(3650).default(30),
  COMPACTION_INTERVAL_MIN: positive(10_080).default(60),
  TOKEN_IDLE_DAYS: positive(3650).default(180),
  BLOB_MAX_MB: positive(1_048_576).default(512),
  BLOB_QUOTA_MB: positive(1_073_741_824).default(20_480),
  BLOB_UNSTARRED_GRACE_DAYS: positive(3650).default(30),
  HEADERS_TIMEOUT_SEC: positive(3600).default(20),
  REQUEST_TIMEOUT_SEC: positive(3600).default(60),
  BODY_IDLE_TIMEOUT_SEC: positive(3600).default(30),
  KEEP_ALIVE_TIMEOUT_SEC: positive(3600).default(72),
});

function positive(max: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** null: the embedded PGlite database in dataDir. */
  databaseUrl: string | null;
  dbPoolMax: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Take the client address from X-Forwarded-For (behind a load balancer). */
  trustProxy: boolean;
  rateLimitIpPerMin: number;
  rateLimitDevicePerMin: number;
  /** Sign-ups and sign-ins per minute per address (each costs a password hash). */
  rateLimitAuthPerMin: number;
  /** Superseded sync messages older than this are compacted away. */
  logRetentionDays: number;
  compactionIntervalMin: number;
  /** A device token unused for this long stops working (TOKEN_EXPIRED). */
  tokenIdleDays: number;
  /** The largest blob one upload may carry (BLOB_MAX_MB). */
  blobMaxBytes: number;
  /** Blob bytes one user may keep (BLOB_QUOTA_MB); shared content counts for each user. */
  blobQuotaBytes: number;
  /** Blobs of a photo unstarred for this long are deleted (BLOB_UNSTARRED_GRACE_DAYS). */
  blobUnstarredGraceDays: number;
  /** The request line and headers must arrive within this, else 408 (HEADERS_TIMEOUT_SEC). */
  headersTimeoutMs: number;
  /** A JSON body must arrive within this after its headers, else 408 (REQUEST_TIMEOUT_SEC). */
  requestTimeoutMs: number;
  /** Any body, blob uploads included, stalled this long is cut with 408 (BODY_IDLE_TIMEOUT_SEC). */
  bodyIdleTimeoutMs: number;
  /** An idle keep-alive connection closes after this (KEEP_ALIVE_TIMEOUT_SEC). */
  keepAliveTimeoutMs: number;
}

const MIB = 1024 * 1024;

export class ConfigError extends Error {
  readonly code = 'CONFIG';

  constructor(readonly problems: string[]) {
    super(`Invalid server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadServerConfig(env: Env = process.env): ServerConfig {
  // Unset and empty mean the same: use the default.
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((k) => (env[k] ? [[k, env[k]]] : [])),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? 'env');
        return `${key}=${JSON.stringify(env[key] ?? '')}: ${i.message}`;
      }),
    );
  }
  const c = parsed.data;
  return {
    host: c.HOST,
    port: c.PORT,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL ?? null,
    dbPoolMax: c.DB_POOL_MAX,
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY,
    rateLimitIpPerMin: c.RATE_LIMIT_IP_PER_MIN,
    rateLimitDevicePerMin: c.RATE_LIMIT_DEVICE_PER_MIN,
    rateLimitAuthPerMin: c.RATE_LIMIT_AUTH_PER_MIN,
    logRetentionDays: c.LOG_RETENTION_DAYS,
    compactionIntervalMin: c.COMPACTION_INTERVAL_MIN,
    tokenIdleDays: c.TOKEN_IDLE_DAYS,
    blobMaxBytes: c.BLOB_MAX_MB * MIB,
    blobQuotaBytes: c.BLOB_QUOTA_MB * MIB,
    blobUnstarredGraceDays: c.BLOB_UNSTARRED_GRACE_DAYS,
    headersTimeoutMs: c.HEADERS_TIMEOUT_SEC * 1000,
    requestTimeoutMs: c.REQUEST_TIMEOUT_SEC * 1000,
    bodyIdleTimeoutMs: c.BODY_IDLE_TIMEOUT_SEC * 1000,
    keepAliveTimeoutMs: c.KEEP_ALIVE_TIMEOUT_SEC * 1000,
  };
}

/** The embedded defaults (tests and tools override fields). */
export const DEFAULT_CONFIG: ServerConfig = loadServerConfig({});
