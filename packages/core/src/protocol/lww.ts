// Last-writer-wins order for one field, the same on every device and on the server (its
// sync_state upsert compares (hlc, device) byte-wise in the "C" collation).

export interface Stamped {
  hlc: string;
  device: string;
}

/** True when `a` replaces `b`: a later HLC, or the same HLC from a higher device id. */
export function lwwWins(a: Stamped, b: Stamped | undefined): boolean {
  return !b || a.hlc > b.hlc || (a.hlc === b.hlc && a.device > b.device);
}
