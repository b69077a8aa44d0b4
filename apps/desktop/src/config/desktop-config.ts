// The one place the desktop app reads its settings: command-line flags first, then
// ENCORE_* environment variables, then embedded defaults. Nothing else reads process.env.
import { parseArgs } from 'node:util';
import path from 'node:path';

export interface DesktopConfig {
  /** setlist.fm API base (ENCORE_SETLISTFM_URL), null for setlist.fm itself. */
  setlistfmUrl: string | null;
  /** Library folder; null means the engine's default (defaultLibraryDir()). */
  libraryDir: string | null;
  /** IANA zone for photos without one; null lets the engine decide. */
  homeZone: string | null;
  /** Force headless mode even when an Electron runtime is installed. */
  headless: boolean;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export const USAGE = `Usage: encore-desktop [--library DIR] [--headless] [--host HOST] [--port PORT] [--home-zone ZONE]

  --library DIR     library folder (env ENCORE_LIBRARY; default: the engine's default folder)
  --headless        serve the UI on a loopback URL instead of opening a window (env ENCORE_HEADLESS=1)
  --host HOST       headless bind address (env ENCORE_HOST; default 127.0.0.1)
  --port PORT       headless port, 0 = any free port (env ENCORE_PORT; default 0)
  --home-zone ZONE  IANA time zone for photos that carry none (env ENCORE_HOME_ZONE)`;

function parsePort(raw: string, from: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError(`${from} must be a whole number from 0 to 65535, got '${raw}'`);
  }
  return port;
}

function parseBool(raw: string, from: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off|)$/i.test(raw)) return false;
  throw new ConfigError(`${from} must be 1/true/yes or 0/false/no, got '${raw}'`);
}

function validZone(zone: string, from: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(`${from} is not an IANA time zone: '${zone}'`);
  }
}

const VALUE_FLAGS = new Set(['--library', '--host', '--port', '--home-zone']);
const BOOLEAN_FLAGS = new Set(['--headless']);

/**
 * Our flags out of an Electron command line, which also carries Chromium switches and
 * OS-added arguments (e.g. macOS -psn_*) that strict parsing would reject.
 */
export function ownFlags(argv: string[]): string[] {
  const own: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = arg.split('=', 1)[0] as string;
    if (BOOLEAN_FLAGS.has(arg)) own.push(arg);
    else if (VALUE_FLAGS.has(name) && arg.includes('=')) own.push(arg);
    else if (VALUE_FLAGS.has(arg) && i + 1 < argv.length) own.push(arg, argv[++i] as string);
  }
  return own;
}

export function loadDesktopConfig(argv: string[], env: Env): DesktopConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        library: { type: 'string' },
        headless: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        'home-zone': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${USAGE}`);
  }

  const library = values.library ?? env.ENCORE_LIBRARY;
  if (library !== undefined && library.trim() === '') {
    throw new ConfigError('--library / ENCORE_LIBRARY must not be empty');
  }
  const zone = values['home-zone'] ?? env.ENCORE_HOME_ZONE;
  const host = values.host ?? env.ENCORE_HOST ?? '127.0.0.1';
  if (host.trim() === '') throw new ConfigError('--host / ENCORE_HOST must not be empty');

  const setlistfmUrl = env.ENCORE_SETLISTFM_URL?.trim() || null;
  if (setlistfmUrl !== null && !/^https?:\/\//.test(setlistfmUrl))
    throw new ConfigError(`ENCORE_SETLISTFM_URL must be an http(s) URL (got "${setlistfmUrl}")`);

  return {
    setlistfmUrl,
    libraryDir: library === undefined ? null : path.resolve(library),
    homeZone: zone
      ? validZone(zone, values['home-zone'] ? '--home-zone' : 'ENCORE_HOME_ZONE')
      : null,
    headless:
      values.headless ??
      (env.ENCORE_HEADLESS ? parseBool(env.ENCORE_HEADLESS, 'ENCORE_HEADLESS') : false),
    host,
    port:
      values.port !== undefined
        ? parsePort(values.port, '--port')
        : env.ENCORE_PORT
          ? parsePort(env.ENCORE_PORT, 'ENCORE_PORT')
          : 0,
  };
}
