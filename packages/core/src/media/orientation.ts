// EXIF orientation helpers. sharp's autoOrient reads the tag from the image itself; RAW previews
// are stored without one, so their orientation (taken from the RAW's IFD0) is applied by hand.
import type { Sharp } from 'sharp';

/** True for orientations 5-8, which swap width and height. */
export function swapsAxes(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}

export function orientedSize(
  width: number,
  height: number,
  orientation: number,
): { width: number; height: number } {
  return swapsAxes(orientation) ? { width: height, height: width } : { width, height };
}

/**
 * Applies an EXIF orientation explicitly. sharp rotates before it mirrors, so the transposing
 * orientations are "rotate 90 clockwise, then mirror": 5 = transpose, 7 = transverse.
 */
export function applyOrientation(pipeline: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return pipeline.flop();
    case 3:
      return pipeline.rotate(180);
    case 4:
      return pipeline.flip();
    case 5:
      return pipeline.rotate(90).flop();
    case 6:
      return pipeline.rotate(90);
    case 7:
      return pipeline.rotate(90).flip();
    case 8:
      return pipeline.rotate(270);
    default:
      return pipeline;
  }
}
