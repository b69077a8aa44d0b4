// What the sync indicator says for a status: a short label, a tone for its dot, and the
// lines of detail (pending work, last sync, what to do). Pure, so it is unit-tested.
import type { SyncStatusInfo } from '@encore/core/contract';

export type SyncTone = 'ok' | 'busy' | 'warn' | 'bad' | 'off';

export interface SyncStatusText {
  label: string;
  tone: SyncTone;
  details: string[];
  /** A command the user should run in a terminal (signing in stays in the CLI). */
  command: string | null;
  /** Whether "Sync now" can do anything (signed in with a working token). */
  canSync: boolean;
}

export const LOGIN_HINT = 'encore sync login --server URL --email E';

/** "just now", "5 min ago", "3 h ago", "2 days ago", or the date for older ones. */
export function relativeTime(iso: string, now: Date): string {
  const at = new Date(iso);
  const ms = now.getTime() - at.getTime();
  if (Number.isNaN(ms)) return iso;
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.floor(h / 24);
  if (days < 7) return days === 1 ? 'yesterday' : `${days} days ago`;
  return at.toISOString().slice(0, 10);
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export function pendingText(s: SyncStatusInfo): string | null {
  const parts: string[] = [];
  if (s.pendingMessages > 0) parts.push(plural(s.pendingMessages, 'change', 'changes'));
  if (s.pendingUploads > 0) parts.push(plural(s.pendingUploads, 'file', 'files'));
  return parts.length ? `${parts.join(' and ')} to send` : null;
}

export function syncStatusText(s: SyncStatusInfo, now: Date): SyncStatusText {
  const last = s.lastSyncAt ? `Last synced ${relativeTime(s.lastSyncAt, now)}` : 'Never synced';
  const pending = pendingText(s);
  const who = s.account && s.server ? `${s.account} on ${s.server}` : null;
  const error = s.lastError ? `${s.lastError.message} (${s.lastError.code})` : null;
  const lines = (...xs: (string | null)[]) => xs.filter((x): x is string => x !== null);
  switch (s.state) {
    case 'signed-out':
      return {
        label: 'Not syncing',
        tone: 'off',
        details: ['To sync with your other devices, sign in from a terminal:'],
        command: LOGIN_HINT,
        canSync: false,
      };
    case 'up-to-date':
      return {
        label: 'Up to date',
        tone: 'ok',
        details: lines(last, who),
        command: null,
        canSync: true,
      };
    case 'pending':
      return {
        label: 'Syncing',
        tone: 'busy',
        details: lines(pending ?? 'Waiting for the first sync', last, who),
        command: null,
        canSync: true,
      };
    case 'offline':
      return {
        label: 'Offline',
        tone: 'warn',
        details: lines(`Cannot reach ${s.server ?? 'the sync server'}; retrying`, pending, last),
        command: null,
        canSync: true,
      };
    case 'reauth-required':
      return {
        label: 'Sign in again',
        tone: 'bad',
        details: ['This device was signed out of the sync server. Sign in again:'],
        command: `encore sync login --server ${s.server ?? 'URL'} --email ${s.account ?? 'E'}`,
        canSync: false,
      };
    case 'error':
      return {
        label: 'Sync failed',
        tone: 'bad',
        details: lines(error, pending, last),
        command: null,
        canSync: true,
      };
  }
}
