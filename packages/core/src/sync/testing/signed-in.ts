// A library signed in to a server without the sign-in round trip: the account row a real
// sign-in would store, for tests that exercise what happens after it.
import type { SyncAccount } from '../account.repository.js';

export function signedInAccount(server: string, over: Partial<SyncAccount> = {}): SyncAccount {
  return {
    server,
    userId: 'u1',
    email: 'fan@example.com',
    deviceId: 'device-1',
    deviceName: 'test',
    token: 'token',
    cursor: null,
    signedInAt: new Date().toISOString(),
    lastSyncAt: null,
    lastError: null,
    lastErrorCode: null,
    ...over,
  };
}
