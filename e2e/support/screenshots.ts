// Screenshots of every page (with the error states of Sources and sign-in), light and dark,
// wide and narrow, for a person to look at: `npx tsx e2e/support/screenshots.ts OUT_DIR`.
// Not a test; nothing asserts.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_RENDERER_DIR, startHeadless } from '@encore/desktop/headless';
import { launchChromium } from './chromium.js';
import { fakeEngine } from './desktop.js';

const out = path.resolve(process.argv[2] ?? 'screenshots');
await mkdir(out, { recursive: true });
const { engine, dispose } = await fakeEngine({ photos: 30 });
const problem = (path: string, code: string, severity: 'error' | 'warning', message: string) =>
  engine.errors.push({ path, code, severity, message, at: '2024-06-01T21:00:00.000Z' });
problem(
  '/home/me/Pictures/Concerts/broken.heic',
  'DECODE_FAILED',
  'error',
  'HEIC has no decodable image item',
);
problem(
  '/home/me/Pictures/Concerts/cut.jpg',
  'DECODE_FAILED',
  'error',
  'JPEG data ends early (truncated file)',
);
problem(
  '/home/me/Pictures/Concerts/notes.pdf',
  'UNSUPPORTED_FORMAT',
  'error',
  'not a photo or video (PDF document)',
);
problem(
  '/home/me/Pictures/Old scans/scan-004.png',
  'NO_CAPTURE_TIME',
  'warning',
  'no capture time in the file; the file time is used',
);
const server = await startHeadless({ engine, rendererDir: DEFAULT_RENDERER_DIR });
const browser = await launchChromium();
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1440, 800]) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        colorScheme: scheme,
      });
      const page = await context.newPage();
      await page.goto(`${server.origin}/?token=${server.token}#/sources`);
      const field = page.getByLabel('Folder path');
      if (engine.sources.length === 0) {
        await field.fill('/home/me/Pictures/Concerts');
        await page.getByRole('button', { name: 'Add folder' }).click();
        await page.getByTestId('source-list').getByText('/home/me/Pictures/Concerts').waitFor();
      }
      await field.fill('/home/me/Pictures/Concerts/2024');
      await page.getByRole('button', { name: 'Add folder' }).click();
      await page.getByRole('alert').waitFor();
      await page.screenshot({ path: path.join(out, `sources-error-${scheme}-${width}.png`) });
      await page.goto(`${server.origin}/?token=${server.token}#/`);
      await page.getByLabel('Server').fill('https://sync.example.test');
      await page.getByLabel('Email').fill('me@example.test');
      await page.getByLabel('Password').fill('wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').first().waitFor();
      await page.screenshot({ path: path.join(out, `sign-in-error-${scheme}-${width}.png`) });
      for (const route of ['concerts', 'activity']) {
        await page.goto(`${server.origin}/?token=${server.token}#/${route}`);
        await page.locator('.enc-page h1').first().waitFor();
        await page.waitForTimeout(300); // let the page's first listing paint
        await page.screenshot({ path: path.join(out, `${route}-${scheme}-${width}.png`) });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await dispose();
}
await rm(path.join(out, '.tmp'), { recursive: true, force: true });
console.log(`screenshots in ${out}`);
