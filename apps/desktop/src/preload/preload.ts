// Preload (sandboxed, bundled to CommonJS by vite.preload.config.ts): exposes window.encore
// and nothing else from ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { createEncoreBridge } from './encore-bridge.js';

const bridge = createEncoreBridge({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  subscribe(channel, listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
});

contextBridge.exposeInMainWorld('encore', bridge);
