// Stars and sync in the desktop UI, in Chromium against headless mode with the fake engine:
// a tile's star toggles from the keyboard and sticks, the sync indicator follows the
// engine's status and "Sync now" runs a pass, photos starred elsewhere show their
// thumbnails from /remote/, and the indicator's form signs in and out.
import { describe, expect, it } from 'vitest';
import {
  FAKE_DEVICE_NAME,
  FAKE_OFFLINE_SERVER,
  FAKE_PASSWORD,
  FAKE_TAKEN_EMAIL,
  FakeEngineError,
  SIGNED_OUT,
  fakePhotoId,
  fakeRemoteId,
  fakeSignedIn,
} from '@encore/desktop/testing';
import { hasChromium } from '../support/chromium.js';
import { fakeEngine, useDesktop } from '../support/desktop.js';
import { waitForImages, waitForThumbnails } from '../support/grid.js';
import { waitForAttribute, waitForCount, waitForEngine, waitForFocus } from '../support/waits.js';

describe.skipIf(!hasChromium)('desktop UI: stars and sync (headless, fake engine)', () => {
  // The tests follow one session: a star, then its sync, then signing out and in.
  const app = useDesktop(() =>
    fakeEngine({
      photos: 12,
      remoteStarred: 2,
      sync: fakeSignedIn({ state: 'pending', pendingMessages: 2 }),
    }),
  );

  const starOf = (id: string) =>
    app().page.locator(`.enc-tile[data-photo-id="${id}"] button.enc-star`);
  const indicator = () => app().page.getByTestId('sync-indicator');
  const called = (name: string) => app().engine.calls.filter((c) => c.name === name).length;

  it('stars a photo from the keyboard; the engine keeps it and the tile shows it after reload', async () => {
    const { page, engine } = app();
    await waitForThumbnails(page, 12);
    const id = fakePhotoId(1);
    expect(engine.photos.find((p) => p.id === id)?.starred).toBe(false);
    const star = starOf(id);
    await waitForAttribute(star, 'aria-pressed', 'false');

    await star.focus();
    await page.keyboard.press('Space');
    await waitForAttribute(star, 'aria-pressed', 'true');
    await waitForEngine(engine, ['library.changed'], async () =>
      Boolean(engine.photos.find((p) => p.id === id)?.starred),
    );
    expect(engine.calls.find((c) => c.name === 'photo.setStarred')?.args).toEqual([
      { ids: [id], starred: true },
    ]);
    // The engine's echo of our own change is not "new photos arrived".
    expect(await page.getByText('New photos arrived').count()).toBe(0);

    await page.reload();
    await waitForThumbnails(page, 12);
    await waitForAttribute(starOf(id), 'aria-pressed', 'true');
    await waitForAttribute(starOf(fakePhotoId(2)), 'aria-pressed', 'false');
  });

  it('shows the sync state and pending work, and "Sync now" runs a pass', async () => {
    const { page, engine } = app();
    // Two changes were pending from the start, plus the star above.
    await indicator().getByText('Syncing').waitFor();
    await indicator().getByText('3 changes to send').waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-sync-pending.png' });

    const before = called('sync.now');
    await indicator().getByRole('button', { name: 'Sync now' }).click();
    await indicator().getByText('Up to date').waitFor();
    await indicator().getByText('Sent 3, received 0').waitFor();
    await indicator().getByText('Last synced just now').waitFor();
    expect(called('sync.now')).toBe(before + 1);

    engine.syncFailure = new FakeEngineError('SYNC_FAILED', 'the server kept returning more');
    await indicator().getByRole('button', { name: 'Sync now' }).click();
    await indicator()
      .getByRole('alert')
      .getByText('Syncing failed. Encore will try again.')
      .waitFor();
    await indicator().getByText('Sync failed').waitFor();
    engine.syncFailure = null;

    // A background pass reports through sync.changed without being asked.
    engine.setSync({ state: 'offline', lastError: { code: 'OFFLINE', message: 'no route' } });
    await indicator().getByText('Offline').waitFor();
    await indicator().getByText('Cannot reach https://sync.example.test; retrying').waitFor();
    engine.setSync({ state: 'up-to-date', lastError: null });
    await indicator().getByText('Up to date').waitFor();
  });

  it('lists photos starred elsewhere with their thumbnails from the sync server', async () => {
    const { page, engine } = app();
    await page.getByRole('checkbox', { name: 'Starred' }).check();
    const remote = page.getByTestId('remote-starred');
    await remote.getByText('Starred elsewhere').waitFor();
    const images = remote.locator('img');
    await waitForImages(page, '[data-testid="remote-starred"] img', 2);
    expect(
      await images.evaluateAll((imgs) =>
        imgs.map((i) => new URL((i as HTMLImageElement).src).pathname),
      ),
    ).toEqual([`/remote/thumb/${fakeRemoteId(0)}`, `/remote/thumb/${fakeRemoteId(1)}`]);
    await remote.getByLabel('Rated 5 of 5').waitFor();
    // The grid shows only local starred photos: 0, 5, 10 and the one starred above.
    await page.getByTestId('photo-count').getByText('4 photos').waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-sync-starred.png' });

    // Unstarring one here drops it from the strip (and from the account).
    await remote.locator(`[data-photo-id="${fakeRemoteId(1)}"] button.enc-star`).click();
    await waitForCount(images, 1);
    expect(engine.remote.map((r) => r.id)).toEqual([fakeRemoteId(0)]);
    await page.getByRole('checkbox', { name: 'Starred' }).uncheck();
  });

  it('signs in from the form: a wrong password shows why, the right one shows the account', async () => {
    const { page, engine } = app();
    engine.setSync(SIGNED_OUT);
    await indicator().getByText('Not syncing').waitFor();
    expect(await indicator().getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    const form = indicator().getByRole('form', { name: 'Sign in to sync' });
    const password = form.getByLabel('Password');
    expect(await password.getAttribute('type')).toBe('password');
    expect(await password.getAttribute('autocomplete')).toBe('current-password');
    expect(await form.getByLabel('Email').getAttribute('autocomplete')).toBe('username');
    expect(await form.getByLabel('Device name (optional)').getAttribute('placeholder')).toBe(
      FAKE_DEVICE_NAME,
    );

    // Keyboard only: type, Tab between fields, Enter signs in.
    await form.getByLabel('Server').focus();
    await page.keyboard.type('https://sync.example.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('me@example.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong');
    await page.keyboard.press('Enter');
    await form.getByRole('alert').getByText('Wrong email or password.').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await waitForFocus(password);
    expect(engine.syncStatus.state).toBe('signed-out');

    await form.getByLabel('Server').fill(FAKE_OFFLINE_SERVER);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.getByRole('alert').getByText('Cannot reach the server', { exact: false }).waitFor();
    await form.getByLabel('Server').fill('https://sync.example.test');

    // Creating an account with an email that has one says so.
    await form.getByLabel('Email').fill(FAKE_TAKEN_EMAIL);
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByRole('alert').getByText('exists already', { exact: false }).waitFor();
    await form.getByLabel('Email').fill('me@example.test');

    // While the engine works on it, the form cannot be sent twice.
    let release = () => {};
    engine.signInGate = new Promise<void>((resolve) => (release = resolve));
    await password.fill(FAKE_PASSWORD);
    await form.getByLabel('Device name (optional)').fill('Stage laptop');
    await password.press('Enter');
    const busy = form.getByRole('button', { name: 'Signing in…' });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'Create account' }).isDisabled()).toBe(true);
    expect(await password.isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/encore-e2e-sync-signing-in.png' });
    release();
    engine.signInGate = null;

    await indicator().getByText('Up to date').waitFor();
    await indicator().getByText('me@example.test on https://sync.example.test').waitFor();
    await indicator().getByText('Signed in as me@example.test').waitFor();
    expect(await form.count()).toBe(0);
    const signIns = engine.calls.filter((c) => c.name === 'sync.signIn');
    expect(signIns.at(-1)?.args).toEqual([
      {
        server: 'https://sync.example.test',
        email: 'me@example.test',
        password: FAKE_PASSWORD,
        deviceName: 'Stage laptop',
      },
    ]);
    expect(signIns.at(-2)?.args[0]).toMatchObject({ create: true, email: FAKE_TAKEN_EMAIL });
    expect(engine.syncStatus.device?.name).toBe('Stage laptop');
    await page.screenshot({ path: '/tmp/encore-e2e-sync-signed-in.png' });
  });

  it('signs out only after a confirm, back to the form', async () => {
    const { page, engine } = app();
    const signOut = indicator().getByRole('button', { name: 'Sign out…' });
    await signOut.click();
    const confirm = indicator().getByRole('group', { name: /^Sign out of https:\/\/sync/ });
    await confirm.waitFor();
    // Escape backs out; nothing was signed out.
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await waitForFocus(signOut);
    expect(called('sync.signOut')).toBe(0);

    await page.keyboard.press('Enter');
    await confirm.waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-sync-sign-out-confirm.png' });
    await confirm.getByRole('button', { name: 'Sign out', exact: true }).click();
    await indicator().getByText('Not syncing').waitFor();
    await indicator().getByRole('form', { name: 'Sign in to sync' }).waitFor();
    await indicator().getByText('Signed out', { exact: true }).waitFor();
    expect(called('sync.signOut')).toBe(1);
    expect(engine.syncStatus.state).toBe('signed-out');
  });

  it('says so when the server could not revoke this device on sign-out', async () => {
    const { engine } = app();
    const form = indicator().getByRole('form', { name: 'Sign in to sync' });
    await form.getByLabel('Server').fill('https://sync.example.test');
    await form.getByLabel('Email').fill('me@example.test');
    await form.getByLabel('Password').fill(FAKE_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await indicator().getByText('Up to date').waitFor();

    engine.signOutWarning = 'could not revoke this device on https://sync.example.test';
    await indicator().getByRole('button', { name: 'Sign out…' }).click();
    await indicator().getByRole('button', { name: 'Sign out', exact: true }).click();
    await indicator()
      .getByRole('alert')
      .getByText('could not revoke this device on https://sync.example.test')
      .waitFor();
    await indicator().getByText('Not syncing').waitFor();
  });
});
