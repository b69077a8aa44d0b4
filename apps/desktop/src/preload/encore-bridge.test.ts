import { describe, expect, it } from 'vitest';
import type { EventName, HandlerName } from '@encore/core/contract';
import { bridgeEngineClient } from '../renderer/bridge-engine-client.js';
import { isAllowedChannel, validateChannel } from '../shared/ipc-channels.js';
import { createEncoreBridge } from './encore-bridge.js';
import type { IpcRendererLike } from './encore-bridge.js';

describe('IPC channel validation', () => {
  it('lets through only encore: channels of contract handlers and events', () => {
    expect(isAllowedChannel('encore:call:library.page')).toBe(true);
    expect(isAllowedChannel('encore:event:ingest.progress')).toBe(true);
    for (const bad of [
      'library.page',
      'encore:',
      'encore:call:',
      'encore:call:library.drop',
      'encore:event:library.page',
      'encore:call:__proto__',
      'ENCORE:call:library.page',
      'vscode:call:library.page',
      ' encore:call:library.page',
      42,
      null,
    ]) {
      expect(isAllowedChannel(bad), String(bad)).toBe(false);
      expect(() => validateChannel(bad)).toThrow(/Unsupported IPC channel/);
    }
  });
});

function recordingIpc() {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const subscribed: string[] = [];
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push({ channel, args });
      return { ok: true, result: { channel } };
    },
    subscribe(channel) {
      subscribed.push(channel);
      return () => {};
    },
  };
  return { ipc, invoked, subscribed };
}

describe('window.encore', () => {
  it('maps calls and events onto their encore: channels', async () => {
    const { ipc, invoked, subscribed } = recordingIpc();
    const bridge = createEncoreBridge(ipc);
    expect(await bridge.call('photo.get', { id: 'x' })).toEqual({
      ok: true,
      result: { channel: 'encore:call:photo.get' },
    });
    expect(invoked).toEqual([{ channel: 'encore:call:photo.get', args: [{ id: 'x' }] }]);
    bridge.on('library.changed', () => {});
    expect(subscribed).toEqual(['encore:event:library.changed']);
  });

  it('refuses names outside the contract without touching IPC', async () => {
    const { ipc, invoked, subscribed } = recordingIpc();
    const bridge = createEncoreBridge(ipc);
    expect(await bridge.call('shell.exec' as HandlerName)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(() => bridge.on('app.quit' as EventName, () => {})).toThrow(/Unknown event/);
    expect(invoked).toHaveLength(0);
    expect(subscribed).toHaveLength(0);
  });

  it('gives the renderer an EngineClient whose errors keep their code', async () => {
    const client = bridgeEngineClient({
      call: async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'No source 3' } }),
      on: () => () => {},
    });
    await expect(client.call('sources.remove', { id: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No source 3',
    });
  });
});
