// Messages between Electron main and the engine host (a utilityProcess): the contract's
// RPC messages plus host-only operations that never reach a renderer.
import type { RemoteVariant, ThumbSize } from '../engine/host-engine.js';

/** A message channel end: Electron's parentPort/UtilityProcess, or a pair in tests. */
export interface PortLike {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

export interface ThumbnailPathRequest {
  id: number;
  op: 'thumbnailPath';
  photoId: string;
  size: ThumbSize;
}

export interface RemoteFileRequest {
  id: number;
  op: 'remoteFile';
  photoId: string;
  variant: RemoteVariant;
}

export interface ShutdownRequest {
  op: 'shutdown';
}

export type HostOp = ThumbnailPathRequest | RemoteFileRequest | ShutdownRequest;

export function isHostOp(message: unknown): message is HostOp {
  return typeof message === 'object' && message !== null && 'op' in message;
}
