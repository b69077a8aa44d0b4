// The desktop UI under test: Chromium, headless mode on an engine (the fake or a real one on
// a temporary library), and a page opened with the token. One helper for every desktop
// suite: `useDesktop(setup)` registers the hooks (one browser per file; one engine, server
// and browser context per file, or per test with `perTest`) and returns a getter.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_RENDERER_DIR, openHostEngine, startHeadless } from '@encore/desktop/headless';
import type { HeadlessEngine, HeadlessServer, HostEngine } from '@encore/desktop/headless';
import { FakeEngine, writeFakeThumbnails } from '@encore/desktop/testing';
import type { FakeEngineOptions } from '@encore/desktop/testing';
import { launchChromium } from './chromium.js';

/** An engine for a headless server, with whatever it needs removed afterwards. */
export interface EngineUnderTest<E extends HeadlessEngine = HeadlessEngine> {
  engine: E;
  /** Closes the engine (if it is ours to close) and deletes its temporary files. */
  dispose?: () => Promise<void>;
}

/** `FakeEngine` with real WebP thumbnails in a temporary folder (`dir`). */
export async function fakeEngine(
  options: Omit<FakeEngineOptions, 'thumbDir'> = {},
): Promise<Required<EngineUnderTest<FakeEngine>> & { dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'encore-e2e-'));
  const engine = new FakeEngine(options);
  await writeFakeThumbnails(engine, path.join(dir, 'thumbs'));
  return { engine, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The real engine, opened the way the app opens it, on a new (or the given) library. */
export async function realEngine(
  options: { libraryDir?: string; homeZone?: string } = {},
): Promise<Required<EngineUnderTest<HostEngine>> & { libraryDir: string }> {
  const libraryDir = options.libraryDir ?? (await mkdtemp(path.join(tmpdir(), 'encore-e2e-lib-')));
  const engine = await openHostEngine({ libraryDir, homeZone: options.homeZone ?? 'UTC' });
  return {
    engine,
    libraryDir,
    dispose: async () => {
      await engine.close();
      if (!options.libraryDir) await rm(libraryDir, { recursive: true, force: true });
    },
  };
}

export type Desktop<T extends EngineUnderTest> = T & {
  server: HeadlessServer;
  context: BrowserContext;
  page: Page;
  /** Closes the page, the server and the engine, in that order. */
  close(): Promise<void>;
};

export interface DesktopOptions {
  viewport?: { width: number; height: number };
}

const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

/**
 * Serves `under.engine` headless and opens the app in a fresh browser context with the
 * printed URL; resolves once the renderer has taken the token out of the address bar.
 */
export async function openDesktop<T extends EngineUnderTest>(
  browser: Browser,
  under: T,
  options: DesktopOptions = {},
): Promise<Desktop<T>> {
  let server: HeadlessServer | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await server?.close();
    await under.dispose?.();
  };
  try {
    server = await startHeadless({ engine: under.engine, rendererDir: DEFAULT_RENDERER_DIR });
    context = await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForURL((url) => !url.searchParams.has('token'));
    return Object.assign(under, { server, context, page, close });
  } catch (err) {
    await close();
    throw err;
  }
}

export interface UseDesktopOptions extends DesktopOptions {
  /** A fresh engine, server and browser context for every test (default: one per file). */
  perTest?: boolean;
  /** Timeout of the setup hook, for setups that do more than open an engine. */
  setupTimeout?: number;
}

/**
 * Registers the hooks of a desktop suite: Chromium for the file, and `setup()`'s engine
 * served and opened per file or per test. Call inside the `describe`; use the getter in
 * tests (`const { page, engine } = app()`).
 */
export function useDesktop<T extends EngineUnderTest>(
  setup: () => Promise<T>,
  options: UseDesktopOptions = {},
): () => Desktop<T> {
  let browser: Browser | undefined;
  let current: Desktop<T> | undefined;

  const open = async () => {
    browser ??= await launchChromium();
    current = await openDesktop(browser, await setup(), options);
  };
  const close = async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  };

  if (options.perTest) {
    beforeAll(async () => {
      browser = await launchChromium();
    });
    beforeEach(open, options.setupTimeout);
    afterEach(close);
  } else {
    beforeAll(open, options.setupTimeout);
  }
  // One hook, so the order holds whatever vitest's sequence.hooks says.
  afterAll(async () => {
    await close();
    await browser?.close();
  });

  return () => {
    if (!current) throw new Error('useDesktop: no app open (used outside a test?)');
    return current;
  };
}
