// Sign-up, sign-in (a device and its token), token checks, device list and revocation,
// with lockout after repeated failed sign-ins per account and client address.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { DeviceView, SignInResponse, UserView } from '@encore/core/protocol';
import type { Database } from '../db/database.js';
import { AppError, rateLimited } from '../errors.js';
import { DeviceRepository } from '../repositories/device.repository.js';
import type { DeviceRow } from '../repositories/device.repository.js';
import { notify } from '../repositories/notification.repository.js';
import { SignInFailureRepository } from '../repositories/sign-in-failure.repository.js';
import { UserRepository } from '../repositories/user.repository.js';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from './password.js';
import type { ScryptParams } from './password.js';
import { hashToken, looksLikeToken, newDeviceToken } from './tokens.js';

export interface Caller {
  userId: string;
  deviceId: string;
}

export interface LockoutPolicy {
  /** Failures (per account + address) before sign-in locks. */
  threshold: number;
  /** First lock; each further failure doubles it, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** Failures are forgotten after this long without one. */
  resetMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  threshold: 5,
  baseMs: 30_000,
  maxMs: 60 * 60_000,
  resetMs: 60 * 60_000,
};

export interface AccountServiceOptions {
  now: () => Date;
  scrypt?: ScryptParams;
  lockout?: LockoutPolicy;
  tokenIdleMs: number;
  /**
   * How long a checked token is trusted without asking the database again (default 10 s;
   * 0 turns the cache off). Revocations clear it at once on every instance through the
   * event hub's notifications; this bounds a missed notification.
   */
  tokenCacheMs?: number;
}

interface CachedToken {
  caller: Caller;
  /** When the device was last marked seen in the database. */
  lastSeenMs: number;
  checkedAt: number;
}

const TOKEN_CACHE_MAX = 100_000;

/** Emails compare without case and surrounding space. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export class AccountService {
  private readonly users: UserRepository;
  private readonly devices: DeviceRepository;
  private readonly failures: SignInFailureRepository;
  private readonly scrypt: ScryptParams;
  private readonly lockout: LockoutPolicy;
  private dummyHash: Promise<string> | null = null;
  private readonly tokens = new Map<string, CachedToken>();
  /** Revocations seen, counted; and each revoked device's count (recent ones). */
  private revocations = 0;
  private readonly revokedAt = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly options: AccountServiceOptions,
  ) {
    this.users = new UserRepository(db);
    this.devices = new DeviceRepository(db);
    this.failures = new SignInFailureRepository(db);
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    this.lockout = options.lockout ?? DEFAULT_LOCKOUT;
  }

  async signUp(email: string, password: string): Promise<UserView> {
    const passwordHash = await hashPassword(password, this.scrypt);
    const id = randomUUID();
    const created = await this.db.transaction((tx) =>
      this.users.insert({ id, email: email.trim(), emailKey: emailKey(email), passwordHash }, tx),
    );
    if (!created)
      throw new AppError('EMAIL_TAKEN', `email: an account for ${email.trim()} exists already`);
    return { id, email: email.trim() };
  }

  async signIn(
    email: string,
    password: string,
    deviceName: string,
    ip: string,
  ): Promise<SignInResponse> {
    const key = emailKey(email);
    const now = this.options.now();
    const state = await this.failures.get(key, ip);
    if (state?.lockedUntil && state.lockedUntil > now) {
      throw rateLimited('Too many failed sign-ins', state.lockedUntil.getTime() - now.getTime());
    }
    const user = await this.users.byEmailKey(key);
    // Hash even for an unknown email, so the answer takes as long either way.
    let ok = false;
    if (user) ok = await verifyPassword(password, user.passwordHash);
    else await verifyPassword(password, await this.getDummyHash());
    if (!user || !ok) {
      const resetBefore = new Date(now.getTime() - this.lockout.resetMs);
      const n = await this.failures.recordFailure(key, ip, now, resetBefore);
      if (n >= this.lockout.threshold) {
        const ms = Math.min(
          this.lockout.baseMs * 2 ** (n - this.lockout.threshold),
          this.lockout.maxMs,
        );
        await this.failures.lock(key, ip, new Date(now.getTime() + ms));
        throw rateLimited('Too many failed sign-ins', ms);
      }
      throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    await this.failures.clear(key, ip);
    const token = newDeviceToken();
    const device = await this.devices.insert({
      id: randomUUID(),
      userId: user.id,
      name: deviceName,
      tokenHash: hashToken(token),
      now,
    });
    return {
      v: 1,
      user: { id: user.id, email: user.email },
      device: toView(device, device.id),
      token,
    };
  }

  /** The caller a bearer token stands for; 401 codes say why not. */
  async authenticate(token: string | undefined): Promise<Caller> {
    if (!token)
      throw new AppError('UNAUTHORIZED', 'Sign in: send Authorization: Bearer <device token>');
    if (!looksLikeToken(token))
      throw new AppError('INVALID_TOKEN', 'The device token is not valid');
    const hash = hashToken(token);
    const cached = this.cachedCaller(hash);
    if (cached) return cached;
    // A revocation landing while the database answers must not be cached over.
    const epoch = this.revocations;
    const device = await this.devices.byTokenHash(hash);
    if (
      !device ||
      !timingSafeEqual(Buffer.from(device.tokenHash, 'hex'), Buffer.from(hash, 'hex'))
    ) {
      throw new AppError('INVALID_TOKEN', 'The device token is not valid');
    }
    if (device.revokedAt)
      throw new AppError('TOKEN_REVOKED', 'This device was signed out; sign in again');
    const now = this.options.now();
    const lastUse = Date.parse(device.lastSeenAt ?? device.createdAt);
    if (now.getTime() - lastUse > this.options.tokenIdleMs) {
      throw new AppError(
        'TOKEN_EXPIRED',
        'The device token expired after a long time unused; sign in again',
      );
    }
    // One write a minute at most per device.
    let lastSeenMs = lastUse;
    if (now.getTime() - lastUse > 60_000) {
      await this.devices.touch(device.id, now);
      lastSeenMs = now.getTime();
    }
    const caller = { userId: device.userId, deviceId: device.id };
    if ((this.revokedAt.get(device.id) ?? -1) < epoch) {
      this.remember(hash, caller, lastSeenMs, now.getTime());
    }
    return caller;
  }

  /** Drops a device's cached token (it was revoked here or on another instance). */
  forgetDevice(deviceId: string): void {
    this.revokedAt.set(deviceId, ++this.revocations);
    if (this.revokedAt.size > 10_000) {
      // Only lookups in flight need the record: the oldest ones can go.
      for (const key of [...this.revokedAt.keys()].slice(0, 5_000)) this.revokedAt.delete(key);
    }
    for (const [hash, t] of this.tokens) {
      if (t.caller.deviceId === deviceId) this.tokens.delete(hash);
    }
  }

  // A token checked moments ago is still good (revocations are forgotten at once): no
  // database round trip per request. Idle expiry cannot strike while in use, and the
  // last-seen write stays at one a minute.
  private cachedCaller(hash: string): Caller | null {
    const ttl = this.options.tokenCacheMs ?? 10_000;
    const t = this.tokens.get(hash);
    if (!t || ttl <= 0) return null;
    const now = this.options.now().getTime();
    if (now - t.checkedAt > ttl || now - t.lastSeenMs > 60_000) {
      this.tokens.delete(hash);
      return null;
    }
    return t.caller;
  }

  private remember(hash: string, caller: Caller, lastSeenMs: number, now: number): void {
    if ((this.options.tokenCacheMs ?? 10_000) <= 0) return;
    if (this.tokens.size >= TOKEN_CACHE_MAX) {
      // Oldest first (insertion order): drop a tenth.
      let n = TOKEN_CACHE_MAX / 10;
      for (const key of this.tokens.keys()) {
        if (n-- <= 0) break;
        this.tokens.delete(key);
      }
    }
    this.tokens.delete(hash);
    this.tokens.set(hash, { caller, lastSeenMs, checkedAt: now });
  }

  async listDevices(caller: Caller): Promise<DeviceView[]> {
    const rows = await this.devices.listForUser(caller.userId);
    return rows.map((d) => toView(d, caller.deviceId));
  }

  /** Revokes one of the caller's devices (itself included: sign-out). */
  async revokeDevice(caller: Caller, deviceId: string): Promise<DeviceView> {
    const row = await this.devices.revoke(caller.userId, deviceId, this.options.now());
    if (!row) throw new AppError('NOT_FOUND', `No device ${deviceId} on this account`);
    this.forgetDevice(deviceId);
    await notify(this.db, { t: 'revoke', user: caller.userId, device: deviceId });
    return toView(row, caller.deviceId);
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword('not a password of anyone', this.scrypt);
    return this.dummyHash;
  }
}

function toView(d: DeviceRow, currentId: string): DeviceView {
  return {
    id: d.id,
    name: d.name,
    createdAt: d.createdAt,
    lastSeenAt: d.lastSeenAt,
    revokedAt: d.revokedAt,
    current: d.id === currentId,
  };
}
