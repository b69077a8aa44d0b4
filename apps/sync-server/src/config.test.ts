import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from './config.js';

describe('loadServerConfig', () => {
  it('starts on embedded defaults with no environment', () => {
    expect(loadServerConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8787,
      dataDir: path.resolve('./data'),
      databaseUrl: null,
      dbPoolMax: 10,
      logLevel: 'info',
      trustProxy: false,
      rateLimitIpPerMin: 600,
      rateLimitDevicePerMin: 300,
      rateLimitAuthPerMin: 30,
      logRetentionDays: 30,
      compactionIntervalMin: 60,
      tokenIdleDays: 180,
      blobMaxBytes: 512 * 1024 * 1024,
      blobQuotaBytes: 20 * 1024 * 1024 * 1024,
      blobUnstarredGraceDays: 30,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 60_000,
      bodyIdleTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
    });
  });

  it('parses every variable', () => {
    expect(
      loadServerConfig({
        HOST: '0.0.0.0',
        PORT: '0',
        DATA_DIR: '/var/lib/encore',
        DATABASE_URL: 'postgres://u:p@db/encore',
        DB_POOL_MAX: '40',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'true',
        RATE_LIMIT_IP_PER_MIN: '50',
        RATE_LIMIT_DEVICE_PER_MIN: '20',
        RATE_LIMIT_AUTH_PER_MIN: '5',
        LOG_RETENTION_DAYS: '7',
        COMPACTION_INTERVAL_MIN: '5',
        TOKEN_IDLE_DAYS: '90',
        BLOB_MAX_MB: '64',
        BLOB_QUOTA_MB: '1024',
        BLOB_UNSTARRED_GRACE_DAYS: '7',
        HEADERS_TIMEOUT_SEC: '5',
        REQUEST_TIMEOUT_SEC: '10',
        BODY_IDLE_TIMEOUT_SEC: '3',
        KEEP_ALIVE_TIMEOUT_SEC: '61',
      }),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/encore',
      databaseUrl: 'postgres://u:p@db/encore',
      dbPoolMax: 40,
      logLevel: 'warn',
      trustProxy: true,
      rateLimitIpPerMin: 50,
      rateLimitDevicePerMin: 20,
      rateLimitAuthPerMin: 5,
      logRetentionDays: 7,
      compactionIntervalMin: 5,
      tokenIdleDays: 90,
      blobMaxBytes: 64 * 1024 * 1024,
      blobQuotaBytes: 1024 * 1024 * 1024,
      blobUnstarredGraceDays: 7,
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 10_000,
      bodyIdleTimeoutMs: 3_000,
      keepAliveTimeoutMs: 61_000,
    });
  });

  it('lists every bad variable with its value and the rule it broke', () => {
    let error: unknown;
    try {
      loadServerConfig({
        PORT: 'eighty',
        DB_POOL_MAX: '0',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
        BLOB_MAX_MB: '0.5',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(5);
    expect(message).toContain('PORT="eighty": must be a number');
    expect(message).toContain('DB_POOL_MAX="0": must be at least 1');
    expect(message).toMatch(/LOG_LEVEL="loud": must be one of fatal, error/);
    expect(message).toContain('DATABASE_URL="mysql://x": must be a postgres://');
    expect(message).toContain('BLOB_MAX_MB="0.5": must be a whole number');
  });
});
