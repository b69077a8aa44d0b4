// What the sync indicator says for a status: a short label, a tone for its dot, and the
// lines of detail (pending work, last sync, what to do), and which controls to offer.
// Pure, so it is unit-tested.
import type { SyncStatusInfo } from '@encore/core/contract';
import { errorText } from './error-text.js';

export type SyncTone = 'ok' | 'busy' | 'warn' | 'bad' | 'off';

export interface SyncStatusText {
  label: string;
  tone: SyncTone;
  details: string[];
  /** Whether "Sync now" can do anything (signed in with a working token). */
  canSync: boolean;
  /** Show the sign-in form (signed out, or the token stopped working). */
  signIn: boolean;
  /** Offer "Sign out" (there is an account to forget). */
  canSignOut: boolean;
}

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
  const error = s.lastError ? errorText(s.lastError) : null;
  const lines = (...xs: (string | null)[]) => xs.filter((x): x is string => x !== null);
  switch (s.state) {
    case 'signed-out':
      return {
        label: 'Not syncing',
        tone: 'off',
        details: ['Sign in to sync stars, ratings and captions with your other devices.'],
        canSync: false,
        signIn: true,
        canSignOut: false,
      };
    case 'up-to-date':
      return {
        label: 'Up to date',
        tone: 'ok',
        details: lines(last, who),
        canSync: true,
        signIn: false,
        canSignOut: true,
      };
    case 'pending':
      return {
        label: 'Syncing',
        tone: 'busy',
        details: lines(pending ?? 'Waiting for the first sync', last, who),
        canSync: true,
        signIn: false,
        canSignOut: true,
      };
    case 'offline':
      return {
        label: 'Offline',
        tone: 'warn',
        details: lines(`Cannot reach ${s.server ?? 'the sync server'}; retrying`, pending, last),
        canSync: true,
        signIn: false,
        canSignOut: true,
      };
    case 'reauth-required':
      return {
        label: 'Sign in again',
        tone: 'bad',
        details: lines('This device was signed out of the sync server. Sign in again.', pending),
        canSync: false,
        signIn: true,
        canSignOut: true,
      };
    case 'error':
      return {
        label: 'Sync failed',
        tone: 'bad',
        details: lines(error, pending, last),
        canSync: true,
        signIn: false,
        canSignOut: true,
      };
  }
}
