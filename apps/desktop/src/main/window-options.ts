import type { BrowserWindowConstructorOptions } from 'electron';

/** Secure defaults for every window (CONVENTIONS.md 5); tested so they cannot drift. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Encore',
    backgroundColor: '#121316',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  };
}
