// Relays renderer IPC to the engine host: one ipcMain handler per contract handler, events
// pushed to every window, and only from frames of our own app protocol.
import { ipcMain, webContents } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, HANDLER_NAMES } from '../shared/contract-names.js';
import { toEnvelope } from '../shared/ipc-envelope.js';
import type { IpcEnvelope } from '../shared/ipc-envelope.js';
import { eventChannel, handlerChannel } from '../shared/ipc-channels.js';
import { APP_ORIGIN } from './app-protocol.js';
import type { EngineLink } from './engine-link.js';

function fromOurApp(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(`${APP_ORIGIN}/`);
}

export function relayIpc(link: EngineLink): () => void {
  for (const name of HANDLER_NAMES) {
    ipcMain.handle(handlerChannel(name), (event, arg: unknown): Promise<IpcEnvelope> => {
      if (!fromOurApp(event)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'FORBIDDEN', message: 'IPC from an unknown frame' },
        });
      }
      return toEnvelope(() => link.call(name, arg));
    });
  }
  const stopEvents = link.onEvent((event, payload) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return;
    for (const contents of webContents.getAllWebContents()) {
      if (contents.getURL().startsWith(`${APP_ORIGIN}/`))
        contents.send(eventChannel(event), payload);
    }
  });
  return () => {
    stopEvents();
    for (const name of HANDLER_NAMES) ipcMain.removeHandler(handlerChannel(name));
  };
}
