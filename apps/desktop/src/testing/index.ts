export { FakeEngine, FakeEngineError, FAKE_CITIES, fakePhotoId } from './fake-engine.js';
export type { FakeEngineOptions } from './fake-engine.js';
export { writeFakeThumbnails } from './fake-thumbnails.js';
