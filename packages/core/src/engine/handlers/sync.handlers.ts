// Sync with the user's other devices: status, a pass now, signing in and out, the account's
// devices, and fetching a starred photo's bytes this device has no file of.
import type { SyncPassResult } from '../../contract/index.js';
import type { SyncSummary } from '../../sync/client.js';
import { createApp, type App } from '../app.js';
import type { EngineContext } from '../engine.context.js';

export function syncHandlers(ctx: EngineContext): App {
  return createApp()
    .method('sync.status', () => ctx.syncStatus())
    .method('sync.now', async () => {
      try {
        return passResult(await ctx.sync.syncNow());
      } finally {
        ctx.emitSyncStatus();
      }
    })
    .method('sync.signIn', async ({ create, deviceName, ...credentials }) => {
      const wasRunning = ctx.syncLoop?.running ?? false;
      // The loop holds the old account's cursor and token; it must not write into the new one.
      await ctx.stopSync();
      const request = { ...credentials, ...(deviceName ? { deviceName } : {}) };
      try {
        if (create) await ctx.sync.signUp(request);
        else await ctx.sync.signIn(request);
      } catch (err) {
        if (wasRunning) ctx.startSync();
        throw err;
      } finally {
        ctx.emitSyncStatus();
      }
      // Only signing in can fail the call: a failed first pass shows in the status.
      let firstPass: SyncPassResult | null = null;
      try {
        firstPass = passResult(await ctx.sync.syncNow());
      } catch (err) {
        ctx.emit('engine.error', err as Error);
      }
      ctx.startSync();
      ctx.emitSyncStatus();
      return { ...ctx.syncStatus(), firstPass };
    })
    .method('sync.signOut', async () => {
      // Signed out already is not an error.
      await ctx.stopSync();
      let warning: string | null = null;
      try {
        if (ctx.sync.account()) ({ warning } = await ctx.sync.signOut());
      } finally {
        ctx.emitSyncStatus();
      }
      return { ...ctx.syncStatus(), warning };
    })
    .method('sync.devices', () => ctx.sync.devices())
    .method('sync.revokeDevice', ({ device }) => ctx.sync.revokeDevice(device))
    .method('sync.fetch', async ({ id: given, variant = 'original' }) => {
      const id = ctx.resolvePhotoId(given);
      return { id, variant, path: await ctx.sync.fetch(id, variant) };
    });
}

function passResult(s: SyncSummary): SyncPassResult {
  return {
    bootstrapped: s.bootstrapped,
    pushed: s.pushed,
    pulled: s.pulled,
    applied: s.applied,
    uploaded: s.uploaded,
    uploadFailures: s.uploadFailures,
  };
}
