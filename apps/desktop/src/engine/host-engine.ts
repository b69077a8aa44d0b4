// What a desktop host needs from the engine: the contract plus the two host-only pieces
// (thumbnail files on disk, shutdown). Opening it is the one place the desktop app touches
// @encore/core's runtime.
import { defaultLibraryDir, openEngine } from '@encore/core';
import type { EngineClient } from '@encore/core/contract';

export type ThumbSize = 'grid' | 'preview';

export interface HostEngine extends EngineClient {
  close(): Promise<void>;
  /** Absolute path of a cached thumbnail, or null if there is none. */
  thumbnailPath(photoId: string, size: ThumbSize): string | null;
}

export interface OpenHostEngineOptions {
  /** null: the engine's own default library folder. */
  libraryDir: string | null;
  homeZone: string | null;
  /** Problems while watching (a folder vanished, a watcher failed); they do not stop the app. */
  onError?: (err: Error) => void;
}

/**
 * Opens the library and starts watching its sources in the background, so the UI is
 * served at once while the startup rescan runs; when the library is signed in to a sync
 * server (`encore sync login`), it also syncs in the background.
 */
export async function openHostEngine(opts: OpenHostEngineOptions): Promise<HostEngine> {
  const engine = await openEngine({
    libraryDir: opts.libraryDir ?? defaultLibraryDir(),
    homeZone: opts.homeZone,
  });
  const onError = opts.onError ?? ((err: Error) => console.error(`encore: ${err.message}`));
  engine.onError(onError);
  engine.watch(onError).catch(onError);
  engine.startSync();
  return engine;
}
