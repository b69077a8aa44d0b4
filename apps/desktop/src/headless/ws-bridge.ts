// The WebSocket side of headless mode: one JSON message per request, reply or event,
// exactly the shapes in shared/rpc.ts.
import type { WebSocket, WebSocketServer } from 'ws';
import type { EngineClient } from '@encore/core/contract';
import { forwardEvents, handleMessage } from '../shared/rpc.js';

export function attachBridge(wss: WebSocketServer, engine: EngineClient): () => void {
  const send = (socket: WebSocket, message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      void handleMessage(engine, text ?? 'binary frame').then((reply) => send(socket, reply));
    });
  });

  return forwardEvents(engine, (event) => {
    for (const socket of wss.clients) send(socket, event);
  });
}
