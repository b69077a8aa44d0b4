// Settings stored in the library (so the CLI, the app and a second process agree), and the
// setlist.fm API key, which is stored but never handed back whole.
import { SETLISTFM_KEY_SETTING } from '../../catalog/setlistfm/setlistfm.client.js';
import { SETTINGS, settingSpec } from '../../config/settings.js';
import { createApp, type App } from '../app.js';
import type { EngineContext } from '../engine.context.js';

export function settingsHandlers(ctx: EngineContext): App {
  const settings = ctx.library.settings;
  const keyStatus = () => {
    const key = settings.get(SETLISTFM_KEY_SETTING);
    return { set: key !== null, last4: key ? key.slice(-4) : null };
  };
  return createApp()
    .method('settings.list', () =>
      SETTINGS.map((s) => ({ key: s.key, value: settings.get(s.key), description: s.description })),
    )
    .method('settings.set', ({ key, value }) => {
      const spec = settingSpec(key);
      if (value === null) settings.delete(spec.key);
      else settings.set(spec.key, spec.parse(value));
      return { key: spec.key, value: settings.get(spec.key), description: spec.description };
    })
    .method('setlistfm.keyStatus', keyStatus)
    .method('setlistfm.setKey', ({ key }) => {
      if (key === null) settings.delete(SETLISTFM_KEY_SETTING);
      else settings.set(SETLISTFM_KEY_SETTING, key);
      return keyStatus();
    });
}
