// The engine host's whole job: answer requests arriving on a port and push engine events
// back. Kept free of electron so it runs under unit tests with a fake port.
import type { HostEngine } from '../engine/host-engine.js';
import { isHostOp } from '../shared/host-link.js';
import type { PortLike } from '../shared/host-link.js';
import { forwardEvents, handleMessage } from '../shared/rpc.js';

export function serveEngine(
  engine: HostEngine,
  port: PortLike,
  onShutdown: () => void,
): () => void {
  const stopEvents = forwardEvents(engine, (event) => port.postMessage(event));
  const stopMessages = port.onMessage((message) => {
    if (isHostOp(message)) {
      if (message.op === 'shutdown') onShutdown();
      else if (message.op === 'thumbnailPath') {
        const { id } = message;
        void engine.thumbnailPath(message.photoId, message.size).then(
          (result) => port.postMessage({ id, result }),
          () => port.postMessage({ id, result: null }),
        );
      } else if (message.op === 'remoteFile') {
        const { id } = message;
        void engine.remoteFile(message.photoId, message.variant).then(
          (result) => port.postMessage({ id, result }),
          () => port.postMessage({ id, result: null }),
        );
      }
      return;
    }
    void handleMessage(engine, message).then((reply) => port.postMessage(reply));
  });
  return () => {
    stopEvents();
    stopMessages();
  };
}
