// The engine-client contract through each transport the UI uses: the real engine behind the
// headless WebSocket bridge, and the UI tests' fake both directly and behind the bridge, so
// the fake cannot drift from the engine the app runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { engineClientContract, openFixtureEngine } from '@encore/core/testing';
import { hostEngine, type HostEngine } from '../engine/host-engine.js';
import { createWsEngineClient, type SocketLike } from '../renderer/ws-engine-client.js';
import { FakeEngine } from '../testing/fake-engine.js';
import { startHeadless } from './headless-server.js';

const connect = (url: string) => new WebSocket(url) as unknown as SocketLike;

async function overBridge(engine: HostEngine, done: () => Promise<void>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'encore-contract-renderer-'));
  const server = await startHeadless({ engine, rendererDir: dir });
  const url = `${server.origin.replace('http', 'ws')}/ws?token=${server.token}`;
  const client = createWsEngineClient({ url, connect, backoffMs: 20 });
  return {
    client,
    close: async () => {
      client.close();
      await server.close();
      await done();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

engineClientContract('real engine over the headless WebSocket bridge', {
  async open() {
    const { engine, close } = await openFixtureEngine();
    return overBridge(hostEngine(engine), close);
  },
});

engineClientContract('fake engine', {
  async open() {
    const engine = new FakeEngine({ photos: 5 });
    return { client: engine, close: async () => {} };
  },
});

engineClientContract('fake engine over the headless WebSocket bridge', {
  async open() {
    return overBridge(new FakeEngine({ photos: 5 }), async () => {});
  },
});
