import { describe, expect, it } from 'vitest';
import { extensionWarning } from './extension.check.js';

describe('extensionWarning', () => {
  it('names a JPEG that calls itself .heic', () => {
    expect(extensionWarning('/p/photoprism__wrong.heic', 'jpeg')).toEqual({
      code: 'EXTENSION_MISMATCH',
      message: 'photoprism__wrong.heic is named .heic but its content is JPEG; it was read as JPEG',
    });
  });

  it('accepts matching, ambiguous and unknown extensions', () => {
    expect(extensionWarning('/p/a.JPG', 'jpeg')).toBeNull();
    expect(extensionWarning('/p/a.heif', 'avif')).toBeNull();
    expect(extensionWarning('/p/clip.mp4', 'mov')).toBeNull();
    expect(extensionWarning('/p/no-extension', 'png')).toBeNull();
  });
});
