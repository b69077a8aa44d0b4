// User settings stored in the library (so the CLI, the desktop app and a second process
// agree). Each has a parser that names what was wrong.
import { UsageError } from '../domain/errors.js';
import { isValidTimeZone, parseWorkers } from './config.js';

export interface SettingSpec {
  key: string;
  description: string;
  parse(value: string): string;
}

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'homeZone',
    description:
      "IANA time zone for photos with neither an offset nor GPS (default: this machine's zone)",
    parse: (v) => {
      if (!isValidTimeZone(v))
        throw new UsageError(
          `homeZone must be an IANA time zone such as Europe/Berlin (got "${v}")`,
          { field: 'value' },
        );
      return v;
    },
  },
  {
    key: 'workers',
    description: 'ingest worker threads (default: one per CPU core)',
    parse: (v) => String(parseWorkers(v, 'workers')),
  },
  {
    key: 'orphanGraceSeconds',
    description:
      'how long a photo whose last file vanished is kept, so a move keeps its identity (default 60)',
    parse: (v) => {
      if (!/^\d+$/.test(v))
        throw new UsageError(`orphanGraceSeconds must be a whole number of seconds (got "${v}")`, {
          field: 'value',
        });
      return v;
    },
  },
];

export function settingSpec(key: string): SettingSpec {
  const spec = SETTINGS.find((s) => s.key === key);
  if (!spec)
    throw new UsageError(
      `unknown setting "${key}"; known: ${SETTINGS.map((s) => s.key).join(', ')}`,
      { field: 'key' },
    );
  return spec;
}
