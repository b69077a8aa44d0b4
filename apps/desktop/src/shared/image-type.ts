// Remote renditions are stored as remote/<id>.<variant>, without an image extension, so
// their Content-Type comes from their first bytes (the server keeps WebP or JPEG).
import { open } from 'node:fs/promises';

/** The image MIME type of the file's first bytes, or null for anything else. */
export function imageTypeOf(head: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff)
    return 'image/jpeg';
  if (head.length >= 8 && head[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (head.length >= 12 && ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12)))
    return 'image/avif';
  return null;
}

export async function sniffImageType(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, 'r');
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return imageTypeOf(head.subarray(0, bytesRead));
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
