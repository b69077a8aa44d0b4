export {
  FakeEngine,
  FakeEngineError,
  FAKE_CITIES,
  FAKE_DEVICE_NAME,
  FAKE_OFFLINE_SERVER,
  FAKE_PASSWORD,
  FAKE_TAKEN_EMAIL,
  SIGNED_OUT,
  fakePhotoId,
  fakeRemoteId,
  fakeSignedIn,
} from './fake-engine.js';
export type { FakeEngineOptions } from './fake-engine.js';
export { writeFakeThumbnails } from './fake-thumbnails.js';
export { FakeConcerts, FakeConcertsError, FAKE_EVENTS, FAKE_SHOWS } from './fake-concerts.js';
