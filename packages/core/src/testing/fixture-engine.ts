// An engine on a temp library holding copies of a few real fixture photos, scanned.
import { Engine } from '../engine/engine.js';
import { copyFixtures, tempDir } from './temp.js';

/** Three JPEGs from three cameras (with and without GPS). */
export const FEW_JPEGS = [
  'jpeg_gps/mei__Apple_iPhone_4.jpg',
  'jpeg_nogps/ianare__Canon_40D.jpg',
  'jpeg_gps/exiftool__Google.jpg',
];

export async function openFixtureEngine(
  fixtures: string[] = FEW_JPEGS,
): Promise<{ engine: Engine; close: () => Promise<void> }> {
  const lib = tempDir();
  const photos = tempDir();
  copyFixtures(photos.dir, fixtures);
  const engine = await Engine.open({ libraryDir: lib.dir, homeZone: 'UTC', workers: 1 });
  await engine.call('library.scan', { paths: [photos.dir] });
  return {
    engine,
    close: async () => {
      await engine.close();
      lib.cleanup();
      photos.cleanup();
    },
  };
}
