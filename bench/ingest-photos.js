// Makes the bench:ingest photo set: distinct full-size (12 MP) JPEGs with camera EXIF, made
// from the fixtures with varied crop, colour, orientation and quality, cached under .bench/.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { FIXTURES, WORK_DIR, ensureDir } from './lib.js';

const SOURCES = [
  'orientation/recurser__Landscape_1.jpg',
  'jpeg_gps/ianare__HMD_Nokia_8.3_5G.jpg',
  'jpeg_gps/mei__Nokia_Lumia_800.jpg',
  'jpeg_gps/mei__Olympus_FE230-X790.jpg',
  'jpeg_gps/mei__Apple_iPhone_4.jpg',
  'jpeg_gps/photoprism__Iceland-sRGB.jpg',
  'jpeg_gps/photoprism__elephants.jpg',
  'jpeg_gps/ianare__DSCN0010.jpg',
  'jpeg_gps/mei__HTC_Desire.jpg',
  'jpeg_gps/mei__Sony_DSC-HX5V_2_.jpg',
];

export async function makeIngestPhotos(count) {
  const dir = path.join(WORK_DIR, `ingest-photos-${count}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  ensureDir(dir);
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`);
    if (fs.existsSync(file)) continue; // resumable: a killed run keeps what it made
    const src = path.join(FIXTURES, SOURCES[i % SOURCES.length]);
    const portrait = i % 4 === 3;
    const [w, h] = portrait ? [3024, 4032] : [4032, 3024];
    const positions = ['centre', 'north', 'south', 'east', 'west', 'northeast', 'southwest'];
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hh = String(18 + (i % 6)).padStart(2, '0');
    await sharp(src)
      .rotate()
      .resize(w, h, { fit: 'cover', position: positions[i % positions.length] })
      .modulate({
        brightness: 0.85 + (i % 7) * 0.05,
        saturation: 0.7 + (i % 5) * 0.15,
        hue: (i * 37) % 360,
      })
      .sharpen({ sigma: 0.5 + (i % 3) * 0.3 })
      .withExif({
        IFD0: { Make: 'Encore Bench', Model: `Camera ${i % 3}` },
        IFD2: {
          DateTimeOriginal: `2024:06:${day} ${hh}:${String(i % 60).padStart(2, '0')}:00`,
          OffsetTimeOriginal: '+02:00',
        },
      })
      .jpeg({ quality: 82 + (i % 14), mozjpeg: false })
      .toFile(file + '.tmp');
    fs.renameSync(file + '.tmp', file);
    if (i % 25 === 24) process.stderr.write(`  made ${i + 1}/${count} photos\n`);
  }
  fs.writeFileSync(marker, '');
  process.stderr.write(
    `made ${count} 12 MP photos in ${((Date.now() - started) / 1000).toFixed(0)} s (${dir})\n`,
  );
  return dir;
}
