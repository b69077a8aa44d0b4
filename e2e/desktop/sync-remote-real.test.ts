// A photo starred on one library shows on another that lacks its file: two real engines,
// a real sync server process, and the second library's desktop UI in Chromium, signed in
// through the sync indicator's form. The strip loads the thumbnail through
// /remote/thumb/<id>, which the host fetches from the server once into the library's
// remote/ folder. Signing out from the UI revokes the device on the server.
import { existsSync } from 'node:fs';
import type { SyncPassResult } from '@encore/core/contract';
import { engineInternals } from '@encore/core/testing';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openEngine } from '@encore/core';
import type { Engine } from '@encore/core';
import { hasChromium } from '../support/chromium.js';
import { realEngine, useDesktop } from '../support/desktop.js';
import { waitForImages } from '../support/grid.js';
import { startSyncServer, type SyncServerProcess } from '../support/sync-server.js';

const PHOTO = fileURLToPath(
  new URL('../../../shared/fixtures/photos/jpeg_gps/ianare__DSCN0010.jpg', import.meta.url),
);
const PASSWORD = 'correct horse battery staple';
const EMAIL = `fan-${Date.now()}@example.com`;

describe.skipIf(!hasChromium)('desktop UI: starred elsewhere (real engines and server)', () => {
  const dirs: string[] = [];
  let syncServer: SyncServerProcess;
  let a: Engine;
  let photoId: string;
  let firstPass: SyncPassResult;
  let serverHasBlobs = false;

  const temp = async (prefix: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  // The desktop app is library B's; library A and the server live as long as it does.
  const app = useDesktop(
    async () => {
      try {
        return await setup();
      } catch (err) {
        await teardown();
        throw err;
      }
    },
    { setupTimeout: 120_000 },
  );

  const setup = async () => {
    syncServer = await startSyncServer();

    // Library A has the file, stars it and uploads its renditions.
    const photos = await temp('encore-e2e-photos-');
    await copyFile(PHOTO, path.join(photos, path.basename(PHOTO)));
    a = await openEngine({ libraryDir: await temp('encore-e2e-lib-a-'), homeZone: 'UTC' });
    await a.call('library.scan', { paths: [photos] });
    photoId = (await a.call('photos.list'))[0]!.id;
    await a.call('photo.setStarred', { ids: [photoId], starred: true });
    await engineInternals(a).sync.signUp({
      server: syncServer.url,
      email: EMAIL,
      password: PASSWORD,
    });
    firstPass = await a.call('sync.now');
    // Blob routes are newer than the sync protocol: a server without them answers 404.
    const probe = await fetch(`${syncServer.url}/v1/blobs`);
    serverHasBlobs = probe.status !== 404;

    // Library B is opened the way the app opens it, signed out; its UI signs in below.
    const b = await realEngine({ libraryDir: await temp('encore-e2e-lib-b-') });
    return {
      ...b,
      dispose: async () => {
        await b.dispose();
        await teardown();
      },
    };
  };

  const teardown = async () => {
    await a?.close();
    await syncServer?.dispose();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  };

  it('signs in through the form (after a wrong password), syncs and lists the other library’s star; Sync now runs a pass', async () => {
    const { page, engine: b } = app();
    const indicator = page.getByTestId('sync-indicator');
    const form = indicator.getByRole('form', { name: 'Sign in to sync' });
    await form.getByLabel('Server').fill(syncServer.url);
    await form.getByLabel('Email').fill(EMAIL);
    await form.getByLabel('Password').fill('not the password');
    await form.getByLabel('Device name (optional)').fill('Library B');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.getByRole('alert').getByText('Wrong email or password.').waitFor();
    expect((await b.call('sync.status')).state).toBe('signed-out');

    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByLabel('Password').press('Enter');
    await indicator.getByText('Up to date').waitFor({ timeout: 30_000 });
    await indicator.getByText(`${EMAIL} on ${syncServer.url}`).waitFor();
    expect(await b.call('sync.status')).toMatchObject({
      account: EMAIL,
      device: { name: 'Library B' },
    });
    await page.getByRole('checkbox', { name: 'Starred' }).check();
    const remote = page.getByTestId('remote-starred');
    await remote.locator(`[data-photo-id="${photoId}"]`).waitFor({ timeout: 30_000 });

    await indicator.getByRole('button', { name: 'Sync now' }).click();
    await indicator.getByText(/^Sent \d+, received \d+$/).waitFor();
  });

  it('loads the thumbnail through /remote/thumb/<id>, fetched once into remote/', async (ctx) => {
    if (!serverHasBlobs) ctx.skip();
    const { page, libraryDir: libB } = app();
    expect(firstPass).toMatchObject({ uploadFailures: 0 });
    expect(firstPass.uploaded).toBeGreaterThan(0);
    await page.reload();
    const starred = page.getByRole('checkbox', { name: 'Starred' });
    if (!(await starred.isChecked())) await starred.check();
    const img = page.getByTestId('remote-starred').locator(`[data-photo-id="${photoId}"] img`);
    await img.waitFor({ timeout: 30_000 });
    await waitForImages(page, `[data-testid="remote-starred"] [data-photo-id="${photoId}"] img`, 1);
    expect(
      existsSync(path.join(libB, 'remote', photoId.slice(0, 2), `${photoId}.thumb.webp`)),
    ).toBe(true);
    await page.screenshot({ path: '/tmp/encore-e2e-sync-remote-real.png' });
  });

  it('signs out from the UI after a confirm; the server refuses the old token', async () => {
    const { page, engine: b } = app();
    const indicator = page.getByTestId('sync-indicator');
    const device = (await b.call('sync.status')).device;
    expect(device).not.toBeNull();
    await indicator.getByRole('button', { name: 'Sign out…' }).click();
    await indicator.getByRole('button', { name: 'Sign out', exact: true }).click();
    await indicator.getByText('Not syncing').waitFor();
    await indicator.getByRole('form', { name: 'Sign in to sync' }).waitFor();
    await indicator.getByText('Signed out', { exact: true }).waitFor();
    expect(await b.call('sync.status')).toMatchObject({ state: 'signed-out', account: null });
    // The server lists B's device as revoked (asked with A's token).
    const res = await fetch(`${syncServer.url}/v1/devices`, {
      headers: { authorization: `Bearer ${engineInternals(a).sync.account()!.token}` },
    });
    const { devices } = (await res.json()) as { devices: { id: string; revokedAt: unknown }[] };
    expect(typeof devices.find((d) => d.id === device!.id)?.revokedAt).toBe('string');
  });
});
