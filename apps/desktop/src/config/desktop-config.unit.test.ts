import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadDesktopConfig, ownFlags } from './desktop-config.js';

describe('loadDesktopConfig', () => {
  it('runs on embedded defaults with nothing set', () => {
    expect(loadDesktopConfig([], {})).toEqual({
      setlistfmUrl: null,
      libraryDir: null,
      homeZone: null,
      headless: false,
      host: '127.0.0.1',
      port: 0,
    });
  });

  it('reads ENCORE_* variables, and flags win over them', () => {
    const env = { ENCORE_LIBRARY: 'lib-env', ENCORE_PORT: '8080', ENCORE_HEADLESS: 'yes' };
    expect(loadDesktopConfig([], env)).toMatchObject({
      libraryDir: path.resolve('lib-env'),
      port: 8080,
      headless: true,
    });
    expect(
      loadDesktopConfig(
        ['--library', '/tmp/lib', '--port', '0', '--home-zone', 'Europe/Berlin'],
        env,
      ),
    ).toMatchObject({ libraryDir: '/tmp/lib', port: 0, homeZone: 'Europe/Berlin' });
  });

  it('names the bad setting in its error', () => {
    expect(() => loadDesktopConfig(['--port', '70000'], {})).toThrow(
      "--port must be a whole number from 0 to 65535, got '70000'",
    );
    expect(() => loadDesktopConfig([], { ENCORE_PORT: 'http' })).toThrow(/ENCORE_PORT/);
    expect(() => loadDesktopConfig([], { ENCORE_HOME_ZONE: 'Mars/Olympus' })).toThrow(
      "ENCORE_HOME_ZONE is not an IANA time zone: 'Mars/Olympus'",
    );
    expect(() => loadDesktopConfig(['--bogus'], {})).toThrow(ConfigError);
    expect(() => loadDesktopConfig(['--library', ''], {})).toThrow(/must not be empty/);
  });
});

describe('ownFlags', () => {
  it('keeps our flags from an Electron command line and drops the rest', () => {
    expect(
      ownFlags([
        '-psn_0_12345',
        '--no-sandbox',
        '--library',
        '/photos lib',
        '--inspect=9229',
        '--port=8080',
        '--headless',
        '--enable-features=X',
      ]),
    ).toEqual(['--library', '/photos lib', '--port=8080', '--headless']);
    expect(ownFlags(['--home-zone'])).toEqual([]);
  });
});
