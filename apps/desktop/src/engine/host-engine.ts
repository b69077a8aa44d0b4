// What a desktop host needs from the engine: the contract plus the host-only pieces
// (thumbnail files on disk, remote files from the sync server, shutdown). Opening it is the
// one place the desktop app touches @encore/core's runtime.
import { defaultLibraryDir, openEngine } from '@encore/core';
import type { Engine } from '@encore/core';
import type { EngineClient } from '@encore/core/contract';

export type ThumbSize = 'grid' | 'preview';
/** Renditions of a photo starred on another device, as the sync server stores them. */
export type RemoteVariant = 'thumb' | 'preview';

export interface HostEngine extends EngineClient {
  close(): Promise<void>;
  /** Absolute path of a cached thumbnail, or null if there is none. */
  thumbnailPath(photoId: string, size: ThumbSize): Promise<string | null>;
  /**
   * Absolute path of a rendition of a photo this library has only through sync, downloaded
   * from the sync server on first use; null when signed out, offline or the server lacks it.
   */
  remoteFile(photoId: string, variant: RemoteVariant): Promise<string | null>;
}

export interface OpenHostEngineOptions {
  /** null: the engine's own default library folder. */
  libraryDir: string | null;
  homeZone: string | null;
  setlistfmUrl?: string | null;
  /** Problems while watching (a folder vanished, a watcher failed); they do not stop the app. */
  onError?: (err: Error) => void;
}

/**
 * Opens the library and starts watching its sources in the background, so the UI is
 * served at once while the startup rescan runs; when the library is signed in to a sync
 * server (`encore sync login`, or the sign-in form), it also syncs in the background.
 */
export async function openHostEngine(opts: OpenHostEngineOptions): Promise<HostEngine> {
  const engine = await openEngine({
    libraryDir: opts.libraryDir ?? defaultLibraryDir(),
    homeZone: opts.homeZone,
    ...(opts.setlistfmUrl ? { setlistfmUrl: opts.setlistfmUrl } : {}),
  });
  const onError = opts.onError ?? ((err: Error) => console.error(`encore: ${err.message}`));
  engine.onError(onError);
  engine.watch(onError).catch(onError);
  engine.startSync();
  return hostEngine(engine);
}

/** The host's view of an open engine. */
export function hostEngine(engine: Engine): HostEngine {
  return {
    call: engine.call.bind(engine),
    on: engine.on.bind(engine),
    close: () => engine.close(),
    thumbnailPath: (photoId, size) => engine.call('photo.renditionPath', { id: photoId, size }),
    remoteFile: async (photoId, variant) => {
      if (!/^[0-9a-f]{64}$/.test(photoId)) return null;
      try {
        return (await engine.call('sync.fetch', { id: photoId, variant })).path;
      } catch {
        // Signed out, offline, or never uploaded: the tile shows its placeholder.
        return null;
      }
    },
  };
}
