// readMetadata on the malformed fixtures and on the warnings it owes the user: each broken
// file must either say what is wrong (a warning) or still yield a time from its metadata.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { MediaFormat } from '../media/format.js';
import { readExif } from './exif.reader.js';
import { readMetadata } from './read-metadata.js';
import type { MetadataWarning, PhotoMetadata, TimeSource } from './types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const photos = path.join(path.resolve(repoRoot, '../shared/fixtures'), 'photos');
const malformedDir = path.join(photos, 'malformed');

async function read(full: string, format: MediaFormat, mtimeMs = 0): Promise<PhotoMetadata> {
  const bytes = readFileSync(full);
  let blocks: { exif?: Buffer; xmp?: Buffer } = {};
  if (format === 'heic') {
    // As ingest does: sharp's blocks for HEIF (absent when libheif cannot open the file).
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => null);
    blocks = {
      ...(meta?.exif ? { exif: meta.exif } : {}),
      ...(meta?.xmp ? { xmp: meta.xmp } : {}),
    };
  }
  return readMetadata(
    { path: full, format, mtimeMs, bytes, ...blocks },
    { homeZone: 'Europe/Berlin' },
  );
}

interface Expected {
  format: MediaFormat;
  timeSource: TimeSource;
  takenAt?: string;
  zoneSource?: string;
  warnings: string[];
  why: string;
}

/** Every file in fixtures/photos/malformed: where its time comes from and what is reported. */
const MALFORMED: Record<string, Expected> = {
  'exifr__RangeError_Invalid_typed_array_length.jpg': {
    format: 'jpeg',
    timeSource: 'xmp',
    takenAt: '2020-07-23T00:00:00.000+02:00',
    zoneSource: 'xmp-offset',
    warnings: ['DATE_ONLY'],
    why: 'no EXIF; XMP photoshop:DateCreated "2020-07-23T00:00+02:00" (IPTC has the same day)',
  },
  'exifr__broken1.jpg': {
    format: 'jpeg',
    timeSource: 'exif-original',
    takenAt: '2007-08-15T10:13:13.000+01:00',
    zoneSource: 'xmp-offset',
    warnings: ['METADATA_UNREADABLE', 'GPS_EMPTY'],
    why: 'GPS IFD with type-0 tags and empty lat/lon; offset from XMP DateTimeOriginal',
  },
  'ianare__corrupted.jpg': {
    format: 'jpeg',
    timeSource: 'exif-original',
    takenAt: '2015-09-08T11:02:17.000+02:00',
    warnings: [],
    why: 'only the scan data is corrupt (the decoder reports it); the EXIF is intact',
  },
  'ianare__image00971.jpg': {
    format: 'jpeg',
    timeSource: 'xmp',
    takenAt: '2010-04-13T09:37:22.000+02:00',
    zoneSource: 'xmp-offset',
    warnings: ['DIMENSIONS_MISMATCH'],
    why: 'no EXIF; XMP xmp:CreateDate "2010-04-13T09:37:22+02:00"; the XMP (Photoshop) describes a 636x1020 original, the picture is a 636x227 crop',
  },
  'libheif__clusterfuzz-testcase-minimized-file-fuzzer-5752063708495872.heic': {
    format: 'heic',
    timeSource: 'exif-original',
    takenAt: '2017-04-08T09:55:10.924+02:00',
    warnings: ['DATE_INVALID'],
    why: 'fuzzed CreateDate "\\0\\0\\0...:08 09:55:10"; DateTimeOriginal survives',
  },
  'mei__NegativeArraySizeException.HeifReader.processBoxes.heif': {
    format: 'heic',
    timeSource: 'file-mtime',
    warnings: ['NO_CAPTURE_TIME'],
    why: "no 'meta' box: no metadata at all",
  },
  'mei__crash-5694c3cf175f7c173948ca158a9dafa96c07b621.fuzzed.webp': {
    format: 'webp',
    timeSource: 'file-mtime',
    warnings: ['NO_CAPTURE_TIME'],
    why: 'fuzzed RIFF without metadata chunks',
  },
  'photoprism__wrong.heic': {
    format: 'heic',
    timeSource: 'exif-original',
    takenAt: '2013-03-05T17:29:26.750+01:00',
    warnings: [],
    why: 'a JPEG named .heic: read as JPEG (ingest reports EXTENSION_MISMATCH)',
  },
  'pillow__truncated_image.png': {
    format: 'png',
    timeSource: 'file-mtime',
    warnings: ['NO_CAPTURE_TIME'],
    why: 'truncated PNG without metadata',
  },
  'pillow__truncated_jpeg.jpg': {
    format: 'jpeg',
    timeSource: 'file-mtime',
    warnings: ['NO_CAPTURE_TIME'],
    why: 'truncated JPEG without metadata',
  },
  'pillowheif__truncated.heic': {
    format: 'heic',
    timeSource: 'file-mtime',
    warnings: ['NO_CAPTURE_TIME'],
    why: 'truncated HEIC without metadata',
  },
};

describe('readMetadata on the malformed fixtures', () => {
  it('lists every file of fixtures/photos/malformed', () => {
    expect(Object.keys(MALFORMED).sort()).toEqual(readdirSync(malformedDir).sort());
  });

  for (const [file, want] of Object.entries(MALFORMED)) {
    it(`${file}: ${want.timeSource}, [${want.warnings.join(', ')}] (${want.why})`, async () => {
      const full = path.join(malformedDir, file);
      const m = await read(full, want.format, statSync(full).mtimeMs);
      expect(m.timeSource).toBe(want.timeSource);
      if (want.takenAt) expect(m.takenAt).toBe(want.takenAt);
      if (want.zoneSource) expect(m.zoneSource).toBe(want.zoneSource);
      expect(m.warnings.map((w) => w.code)).toEqual(want.warnings);
      // Either the file says what is wrong, or its metadata still gave the time.
      const fromMetadata = !['file-mtime', 'file-name'].includes(m.timeSource ?? '');
      expect(m.warnings.length > 0 || fromMetadata).toBe(true);
      for (const w of m.warnings) expect(w.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    });
  }

  it('names the block and the error when a block is corrupt', async () => {
    const m = await read(path.join(malformedDir, 'exifr__broken1.jpg'), 'jpeg');
    expect(m.warnings).toEqual([
      {
        code: 'METADATA_UNREADABLE',
        message: expect.stringMatching(/^the GPS block of the JPEG is corrupt: .*type: 0/),
      },
      {
        code: 'GPS_EMPTY',
        message: 'the EXIF GPS block has no usable coordinates (the block is corrupt)',
      },
    ]);
  });

  it('says which value was only a date', async () => {
    const file = 'exifr__RangeError_Invalid_typed_array_length.jpg';
    const m = await read(path.join(malformedDir, file), 'jpeg');
    expect(m.warnings).toEqual([
      {
        code: 'DATE_ONLY',
        message:
          'XMP photoshop:DateCreated holds only a date (2020-07-23); the time was set to 00:00',
      },
    ]);
  });
});

describe('readMetadata warnings', () => {
  const landscape = path.join(photos, 'orientation/recurser__Landscape_1.jpg');

  it('NO_CAPTURE_TIME when only the modification time is left', async () => {
    const mtimeMs = Date.UTC(2021, 5, 1, 10, 0, 0);
    const m = await read(landscape, 'jpeg', mtimeMs);
    expect(m).toMatchObject({
      takenAtUtc: '2021-06-01T10:00:00.000Z',
      timeSource: 'file-mtime',
      zoneSource: 'home-zone',
    });
    expect(m.warnings).toEqual([
      {
        code: 'NO_CAPTURE_TIME',
        message:
          "no capture date in the file's metadata or name; using the file's modification time",
      },
    ]);
    const none = await readMetadata(
      { path: landscape, format: 'jpeg', mtimeMs: Number.NaN, bytes: readFileSync(landscape) },
      { homeZone: 'Europe/Berlin' },
    );
    expect(none.takenAt).toBeNull();
    expect(none.warnings.map((w) => w.code)).toEqual(['NO_CAPTURE_TIME']);
  });

  it('no warning when the file name has the time; DATE_ONLY when it has only the day', async () => {
    const bytes = readFileSync(landscape);
    const named = await readMetadata(
      { path: '/x/IMG_20190521_104552.jpg', format: 'jpeg', mtimeMs: 0, bytes },
      { homeZone: 'Europe/Berlin' },
    );
    expect(named).toMatchObject({ timeSource: 'file-name', warnings: [] });
    const whatsapp = await readMetadata(
      { path: '/x/IMG-20190521-WA0001.jpg', format: 'jpeg', mtimeMs: 0, bytes },
      { homeZone: 'Europe/Berlin' },
    );
    expect(whatsapp.takenAt).toBe('2019-05-21T12:00:00.000+02:00');
    expect(whatsapp.warnings).toEqual([
      {
        code: 'DATE_ONLY',
        message: 'the file name holds only a date (2019-05-21); the time was set to 12:00',
      },
    ]);
  });

  it('keeps EXIF when the IPTC record is corrupt, and names the IPTC block', async () => {
    // A Photoshop APP13 whose IPTC dataset claims 65535 bytes, put in front of a real JPEG.
    const iim = Buffer.from([0x1c, 0x02, 0x37, 0xff, 0xff, 0x32, 0x30]);
    const resource = Buffer.concat([
      Buffer.from('8BIM', 'latin1'),
      Buffer.from([0x04, 0x04, 0, 0]),
      Buffer.from([0, 0, 0, iim.length]),
      iim,
      Buffer.from([0]),
    ]);
    const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]);
    const app13 = Buffer.from([0xff, 0xed, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
    const canon = readFileSync(path.join(photos, 'jpeg_nogps/ianare__Canon_40D.jpg'));
    const jpeg = Buffer.concat([canon.subarray(0, 2), app13, payload, canon.subarray(2)]);
    const warnings: MetadataWarning[] = [];
    const data = await readExif({ bytes: jpeg, container: 'jpeg' }, warnings);
    expect(data.ifd0.Model).toBe('Canon EOS 40D');
    expect(data.exif.DateTimeOriginal).toBe('2008:05:30 15:56:01');
    expect(data.iptc).toEqual({});
    expect(warnings).toEqual([
      {
        code: 'METADATA_UNREADABLE',
        message: expect.stringMatching(/^the IPTC block of the JPEG is corrupt: \S/),
      },
    ]);
  });
});
