// The one place that reads the environment. Everything else gets a typed EngineConfig.
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../domain/errors.js';

export interface EngineConfig {
  libraryDir: string;
  /** Worker threads for ingest; null = the setting or the default (cores - 1, at least 1). */
  workers: number | null;
  /** IANA zone override; null = the library setting or the machine's zone. */
  homeZone: string | null;
  /** setlist.fm API base (ENCORE_SETLISTFM_URL); tests point it at a local stand-in. */
  setlistfmUrl: string;
}

export const DEFAULT_SETLISTFM_URL = 'https://api.setlist.fm/rest';

type Env = Record<string, string | undefined>;

/** The platform's app-data folder for Encore. */
export function defaultLibraryDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Encore');
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Encore');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'encore');
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function parseWorkers(value: string, where: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) {
    throw new UsageError(`${where} must be a whole number from 1 to 64 (got "${value}")`);
  }
  return Number(value);
}

export function loadConfig(
  flags: { library?: string | undefined } = {},
  env: Env = process.env,
): EngineConfig {
  const libraryDir = path.resolve(flags.library ?? (env.ENCORE_LIBRARY || defaultLibraryDir(env)));
  const workers = env.ENCORE_WORKERS ? parseWorkers(env.ENCORE_WORKERS, 'ENCORE_WORKERS') : null;
  const homeZone = env.ENCORE_HOME_ZONE || null;
  if (homeZone && !isValidTimeZone(homeZone)) {
    throw new UsageError(`ENCORE_HOME_ZONE is not an IANA time zone: "${homeZone}"`);
  }
  const setlistfmUrl = env.ENCORE_SETLISTFM_URL || DEFAULT_SETLISTFM_URL;
  if (!/^https?:\/\/[^/]/.test(setlistfmUrl)) {
    throw new UsageError(`ENCORE_SETLISTFM_URL must be an http(s) URL (got "${setlistfmUrl}")`);
  }
  return { libraryDir, workers, homeZone, setlistfmUrl };
}

/** The sync account password for `encore sync signup|login` in scripts (else a prompt). */
export function syncPasswordFromEnv(env: Env = process.env): string | null {
  return env.ENCORE_PASSWORD || null;
}

export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism());
}
