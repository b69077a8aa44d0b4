export {
  FakeEngine,
  FakeEngineError,
  FAKE_CITIES,
  SIGNED_OUT,
  fakePhotoId,
  fakeRemoteId,
  fakeSignedIn,
} from './fake-engine.js';
export type { FakeEngineOptions } from './fake-engine.js';
export { writeFakeThumbnails } from './fake-thumbnails.js';
