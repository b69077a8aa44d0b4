import { describe, expect, it } from 'vitest';
import type { SyncStatusInfo } from '@encore/core/contract';
import { pendingText, relativeTime, syncStatusText } from './sync-status-text.js';

const NOW = new Date('2024-06-02T12:00:00.000Z');

const signedIn = (over: Partial<SyncStatusInfo> = {}): SyncStatusInfo => ({
  state: 'up-to-date',
  server: 'https://sync.example.test',
  account: 'me@example.test',
  device: { id: 'd1', name: 'Laptop' },
  lastSyncAt: '2024-06-02T11:55:00.000Z',
  pendingMessages: 0,
  pendingUploads: 0,
  failedUploads: 0,
  lastError: null,
  defaultDeviceName: 'Laptop (library)',
  ...over,
});

describe('relativeTime', () => {
  it('reads like a person would say it', () => {
    expect(relativeTime('2024-06-02T11:59:40.000Z', NOW)).toBe('just now');
    expect(relativeTime('2024-06-02T11:55:00.000Z', NOW)).toBe('5 min ago');
    expect(relativeTime('2024-06-02T09:00:00.000Z', NOW)).toBe('3 h ago');
    expect(relativeTime('2024-06-01T10:00:00.000Z', NOW)).toBe('yesterday');
    expect(relativeTime('2024-05-30T10:00:00.000Z', NOW)).toBe('3 days ago');
    expect(relativeTime('2024-04-01T10:00:00.000Z', NOW)).toBe('2024-04-01');
  });
});

describe('syncStatusText', () => {
  it('offers a signed-out user the sign-in form, not Sync now or Sign out', () => {
    const t = syncStatusText({ ...signedIn(), state: 'signed-out', server: null }, NOW);
    expect(t).toMatchObject({
      label: 'Not syncing',
      canSync: false,
      signIn: true,
      canSignOut: false,
    });
  });

  it('shows the last sync time and account when up to date', () => {
    const t = syncStatusText(signedIn(), NOW);
    expect(t).toMatchObject({
      label: 'Up to date',
      tone: 'ok',
      canSync: true,
      signIn: false,
      canSignOut: true,
    });
    expect(t.details).toEqual([
      'Last synced 5 min ago',
      'me@example.test on https://sync.example.test',
    ]);
  });

  it('counts what is still to send', () => {
    const s = signedIn({ state: 'pending', pendingMessages: 3, pendingUploads: 1 });
    expect(pendingText(s)).toBe('3 changes and 1 file to send');
    expect(syncStatusText(s, NOW).details[0]).toBe('3 changes and 1 file to send');
    expect(syncStatusText(signedIn({ state: 'pending', lastSyncAt: null }), NOW).details).toEqual([
      'Waiting for the first sync',
      'Never synced',
      'me@example.test on https://sync.example.test',
    ]);
  });

  it('names the server when offline and the error when failing', () => {
    const offline = syncStatusText(signedIn({ state: 'offline', pendingMessages: 1 }), NOW);
    expect(offline.label).toBe('Offline');
    expect(offline.details[0]).toBe('Cannot reach https://sync.example.test; retrying');
    expect(offline.details[1]).toBe('1 change to send');
    const failed = syncStatusText(
      signedIn({ state: 'error', lastError: { code: 'SYNC_FAILED', message: 'stuck' } }),
      NOW,
    );
    expect(failed).toMatchObject({ label: 'Sync failed', tone: 'bad', canSync: true });
    expect(failed.details[0]).toBe('Syncing failed. Encore will try again.');
  });

  it('asks to sign in again, or sign out, when the token was revoked', () => {
    const t = syncStatusText(signedIn({ state: 'reauth-required', pendingMessages: 2 }), NOW);
    expect(t).toMatchObject({ label: 'Sign in again', canSync: false, signIn: true });
    expect(t.canSignOut).toBe(true);
    expect(t.details).toEqual([
      'This device was signed out of the sync server. Sign in again.',
      '2 changes to send',
    ]);
  });
});
