// Renderer entry: Electron's preload provides window.encore; in headless mode (a plain
// browser) we connect to the WebSocket bridge instead. Same UI either way.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@encore/ui';
import type { EngineClient } from '@encore/core/contract';
import type { EncoreBridge } from '../shared/ipc-envelope.js';
import { bridgeUrl, takeAccessToken } from './access-token.js';
import { bridgeEngineClient } from './bridge-engine-client.js';
import { createWsEngineClient } from './ws-engine-client.js';

declare global {
  interface Window {
    encore?: EncoreBridge;
  }
}

function engineClient(): EngineClient {
  if (window.encore) return bridgeEngineClient(window.encore);
  const token = takeAccessToken(window.location, window.history, window.sessionStorage);
  return createWsEngineClient({ url: bridgeUrl(window.location, token) });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={engineClient()} />
  </StrictMode>,
);
