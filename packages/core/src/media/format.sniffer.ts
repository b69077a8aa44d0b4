// Decides a file's format from its first bytes (the ingest passes the first 4 KiB), never from
// its name: a JPEG named .heic is a JPEG. Returns null for anything Encore cannot ingest.
import type { MediaFormat } from './format.js';
import { readFileType } from './isobmff.reader.js';
import { TIFF_TAG, TiffReader } from './tiff.reader.js';

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis', 'av01']);
/** Generic HEIF structural brands: the codec is told by the other brands. */
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'miaf']);
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'mp71',
  'avc1',
  'M4V ',
  'M4VH',
  'M4VP',
  'M4A ',
  'f4v ',
  'dash',
  'mmp4',
  'MSNV',
  'XAVC',
  'NDAS',
  '3gp4',
  '3gp5',
  '3gp6',
  '3gp7',
  '3g2a',
  '3g2b',
  '3g2c',
  'hvc1',
]);
/** QuickTime files written before ftyp existed start straight with one of these atoms. */
const QUICKTIME_LEADING_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

export function sniffFormat(head: Buffer): MediaFormat | null {
  if (head.length < 4) return null;
  const b = head;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a)
    return 'png';
  const ascii6 = b.toString('latin1', 0, 6);
  if (ascii6 === 'GIF87a' || ascii6 === 'GIF89a') return 'gif';
  if (
    b.length >= 12 &&
    b.toString('latin1', 0, 4) === 'RIFF' &&
    b.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'webp';
  if (b.length >= 16 && b.toString('latin1', 0, 16) === 'FUJIFILMCCD-RAW ') return 'raf';
  if (b[0] === 0x49 || b[0] === 0x4d) {
    const tiff = sniffTiff(b);
    if (tiff) return tiff;
  }
  return sniffIsoBmff(b);
}

function sniffIsoBmff(b: Buffer): MediaFormat | null {
  const ftyp = readFileType(b);
  if (!ftyp) {
    if (b.length >= 8 && QUICKTIME_LEADING_ATOMS.has(b.toString('latin1', 4, 8))) return 'mov';
    return null;
  }
  const { major, compatible } = ftyp;
  if (major === 'crx ') return 'cr3';
  if (major === 'qt  ') return 'mov';
  if (AVIF_BRANDS.has(major)) return 'avif';
  if (HEIC_BRANDS.has(major)) return 'heic';
  if (HEIF_GENERIC_BRANDS.has(major) || compatible.some((c) => HEIF_GENERIC_BRANDS.has(c))) {
    // A mif1 file is AVIF when an AV1 brand is listed, HEIC when an HEVC one is; generic mif1
    // without either is most often HEVC (older Nokia/Samsung writers).
    if (compatible.some((c) => AVIF_BRANDS.has(c))) return 'avif';
    if (HEIF_GENERIC_BRANDS.has(major) || compatible.some((c) => HEIC_BRANDS.has(c))) return 'heic';
  }
  if (MP4_BRANDS.has(major) || major.startsWith('3g')) return 'mp4';
  if (compatible.includes('qt  ')) return 'mov';
  if (compatible.some((c) => MP4_BRANDS.has(c))) return 'mp4';
  return null;
}

/** TIFF and the TIFF-based RAW formats, told apart by header quirks and IFD0 tags. */
function sniffTiff(b: Buffer): MediaFormat | null {
  const tiff = TiffReader.open(b);
  if (!tiff) return null;
  if (tiff.magic === 0x4f52 || tiff.magic === 0x5352) return 'orf'; // "IIRO" / "IIRS" / "MMOR"
  if (tiff.magic === 0x55) return 'rw2'; // "IIU\0"
  if (tiff.magic !== 42) return null;
  if (b.length >= 11 && b[8] === 0x43 && b[9] === 0x52) return 'cr2'; // "CR" + version after the header

  const first = tiff.firstIfdOffset();
  const ifd0 = first === undefined ? undefined : tiff.readIfd(first, 'chain');
  if (!ifd0) return 'tiff'; // a valid header whose IFD lies beyond the sniffed head
  if (ifd0.entries.has(TIFF_TAG.DngVersion)) return 'dng';

  const make = (tiff.string(ifd0, TIFF_TAG.Make) ?? '').toUpperCase();
  // Camera TIFFs exist (Nikon Coolpix "TIFF mode"), so a camera make alone is not RAW: RAW files
  // have SubIFDs, or an IFD0 that is only a reduced-resolution preview.
  const rawish =
    ifd0.entries.has(TIFF_TAG.SubIFDs) ||
    tiff.value(ifd0, TIFF_TAG.NewSubfileType) === 1 ||
    ifd0.entries.has(0xc634);
  if (!rawish || make === '') return 'tiff';
  if (make.startsWith('NIKON')) return 'nef';
  if (make.startsWith('SONY')) return 'arw';
  if (make.startsWith('CANON')) return 'cr2';
  if (make.startsWith('OLYMPUS') || make.startsWith('OM DIGITAL')) return 'orf';
  if (make.startsWith('PANASONIC')) return 'rw2';
  return 'raw';
}
