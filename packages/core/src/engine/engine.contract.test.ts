// The engine-client contract against the in-process engine on a temp library of real photos.
import { Engine } from './engine.js';
import { copyFixtures, engineClientContract, tempDir } from '../testing/index.js';

engineClientContract('in-process engine', {
  async open() {
    const lib = tempDir();
    const photos = tempDir();
    copyFixtures(photos.dir, [
      'jpeg_gps/mei__Apple_iPhone_4.jpg',
      'jpeg_nogps/ianare__Canon_40D.jpg',
      'jpeg_gps/exiftool__Google.jpg',
    ]);
    const engine = await Engine.open({ libraryDir: lib.dir, homeZone: 'UTC', workers: 1 });
    await engine.call('library.scan', { paths: [photos.dir] });
    // The scan's folder is a source; the suite adds its own elsewhere.
    return {
      client: engine,
      close: async () => {
        await engine.close();
        lib.cleanup();
        photos.cleanup();
      },
    };
  },
});
