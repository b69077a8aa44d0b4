import { describe, expect, it } from 'vitest';
import { serveEngine } from '../engine-host/serve-engine.js';
import type { PortLike } from '../shared/host-link.js';
import { FakeEngine, fakePhotoId } from '../testing/fake-engine.js';
import { EngineLink } from './engine-link.js';

/** Two connected ends that deliver asynchronously, like a MessagePort. */
function portPair(): [PortLike, PortLike] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const end = (mine: 0 | 1): PortLike => ({
    postMessage: (message) => {
      const copy = structuredClone(message);
      queueMicrotask(() => listeners[mine === 0 ? 1 : 0].forEach((l) => l(copy)));
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [end(0), end(1)];
}

describe('main <-> engine host link', () => {
  it('round-trips calls, errors, thumbnail and remote file lookups, events and shutdown', async () => {
    const [mainEnd, hostEnd] = portPair();
    const engine = new FakeEngine({ photos: 2, thumbDir: null });
    engine.thumbnailPath = async (id, size) => `/cache/${size}/${id}.webp`;
    let shutdown = false;
    serveEngine(engine, hostEnd, () => (shutdown = true));
    const link = new EngineLink(mainEnd);

    expect(await link.call('library.status', undefined)).toMatchObject({ photos: 2 });
    await expect(link.call('sources.remove', { id: 5 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const id = fakePhotoId(0);
    expect(await link.thumbnailPath(id, 'grid')).toBe(`/cache/grid/${id}.webp`);
    engine.remoteFile = async (photoId, variant) =>
      variant === 'thumb' ? `/library/remote/${photoId}.thumb` : null;
    expect(await link.remoteFile(id, 'thumb')).toBe(`/library/remote/${id}.thumb`);
    expect(await link.remoteFile(id, 'preview')).toBeNull();
    engine.remoteFile = () => Promise.reject(new Error('offline'));
    expect(await link.remoteFile(id, 'thumb')).toBeNull();

    const events: unknown[] = [];
    const got = new Promise<void>((resolve) =>
      link.onEvent((event, payload) => {
        events.push({ event, payload });
        resolve();
      }),
    );
    engine.emit('library.changed', { photoIds: [id] });
    await got;
    expect(events).toEqual([{ event: 'library.changed', payload: { photoIds: [id] } }]);

    link.shutdown();
    await new Promise((r) => setTimeout(r, 0));
    expect(shutdown).toBe(true);
  });

  it('fails pending calls when the host exits', async () => {
    const [mainEnd] = portPair(); // nobody answers
    const link = new EngineLink(mainEnd);
    const pending = link.call('library.status', undefined);
    link.dispose('The engine process exited with code 3');
    await expect(pending).rejects.toMatchObject({
      code: 'ENGINE_GONE',
      message: 'The engine process exited with code 3',
    });
  });
});
