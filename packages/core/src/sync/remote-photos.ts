// Moved to remote-photos.repository.ts (SQL lives in *.repository.ts); kept for importers
// that still name this module (engine/engine.ts).
export { RemotePhotoRepository, type RemotePhotoView } from './remote-photos.repository.js';
