// Wraps decoded pixels (from the HEIC WASM decoder) in a minimal uncompressed TIFF so sharp can
// read them together with their ICC profile and orientation: sharp's raw-pixel input has no way to
// attach an input profile, and without one Display P3 iPhone photos would come out desaturated.
// The decoder writes rows straight into `pixelOffset`, so wrapping costs no extra copy.

export interface PixelContainer {
  buffer: Buffer;
  /** Where the decoder must write width * height * channels bytes, rows top to bottom. */
  pixelOffset: number;
}

export interface PixelContainerOptions {
  width: number;
  height: number;
  channels: 3 | 4;
  icc?: Buffer | undefined;
  /** EXIF orientation 1..8 for sharp's autoOrient; 1 when the pixels are already upright. */
  orientation?: number;
}

const HEADER = 8;
const ENTRY = 12;

export function allocPixelContainer(opts: PixelContainerOptions): PixelContainer {
  const { width, height, channels } = opts;
  const icc = opts.icc && opts.icc.length > 0 ? opts.icc : undefined;
  const orientation = opts.orientation ?? 1;

  type Entry = [tag: number, type: number, count: number, value: number];
  const SHORT = 3;
  const LONG = 4;
  const UNDEFINED = 7;
  // Tags must be in ascending order; values of 4 bytes or less sit inline.
  const entries: Entry[] = [
    [256, LONG, 1, width],
    [257, LONG, 1, height],
    [258, SHORT, channels, 0], // BitsPerSample: 8 per channel, stored out of line
    [259, SHORT, 1, 1], // no compression
    [262, SHORT, 1, 2], // RGB
    [273, LONG, 1, 0], // StripOffsets: patched below
    [274, SHORT, 1, orientation],
    [277, SHORT, 1, channels],
    [278, LONG, 1, height], // one strip: the whole image
    [279, LONG, 1, width * height * channels],
    [284, SHORT, 1, 1], // chunky
  ];
  if (channels === 4) entries.push([338, SHORT, 1, 2]); // ExtraSamples: unassociated alpha
  if (icc) entries.push([34675, UNDEFINED, icc.length, 0]);

  const ifdSize = 2 + entries.length * ENTRY + 4;
  const bitsOffset = HEADER + ifdSize;
  const iccOffset = bitsOffset + channels * 2;
  // Word-align the pixels; libtiff does not need it but it keeps memcpy fast.
  const pixelOffset = (iccOffset + (icc?.length ?? 0) + 7) & ~7;
  const buffer = Buffer.allocUnsafe(pixelOffset + width * height * channels);
  buffer.fill(0, 0, pixelOffset);

  buffer.write('II', 0, 'latin1');
  buffer.writeUInt16LE(42, 2);
  buffer.writeUInt32LE(HEADER, 4);
  buffer.writeUInt16LE(entries.length, HEADER);
  entries.forEach(([tag, type, count, value], i) => {
    const at = HEADER + 2 + i * ENTRY;
    buffer.writeUInt16LE(tag, at);
    buffer.writeUInt16LE(type, at + 2);
    buffer.writeUInt32LE(count, at + 4);
    if (tag === 258) buffer.writeUInt32LE(bitsOffset, at + 8);
    else if (tag === 273) buffer.writeUInt32LE(pixelOffset, at + 8);
    else if (tag === 34675) buffer.writeUInt32LE(iccOffset, at + 8);
    else if (type === SHORT) buffer.writeUInt16LE(value, at + 8);
    else buffer.writeUInt32LE(value, at + 8);
  });
  buffer.writeUInt32LE(0, HEADER + 2 + entries.length * ENTRY); // no next IFD
  for (let c = 0; c < channels; c++) buffer.writeUInt16LE(8, bitsOffset + c * 2);
  if (icc) icc.copy(buffer, iccOffset);
  return { buffer, pixelOffset };
}
