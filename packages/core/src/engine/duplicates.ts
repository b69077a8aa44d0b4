// Near-duplicate groups by perceptual hash. Pigeonhole: two 64-bit hashes within distance d
// share at least one of d+1 disjoint bit-chunks exactly, so only bucket-mates are compared.

function split(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8, 16), 16) >>> 0];
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hammingHex(a: string, b: string): number {
  const [a1, a2] = split(a);
  const [b1, b2] = split(b);
  return popcount32((a1 ^ b1) >>> 0) + popcount32((a2 ^ b2) >>> 0);
}

/** Groups of photos whose hashes are within maxDistance of some other member (single link). */
export function similarGroups(items: { id: string; phash: string }[], maxDistance = 6): string[][] {
  const chunks = maxDistance + 1;
  const bitsPer = Math.ceil(64 / chunks);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra > rb ? ra : rb, ra > rb ? rb : ra);
  };
  const valid = items.filter((i) => /^[0-9a-f]{16}$/.test(i.phash));
  for (const i of valid) parent.set(i.id, i.id);
  for (let c = 0; c < chunks; c++) {
    const start = c * bitsPer;
    const end = Math.min(64, start + bitsPer);
    if (start >= 64) break;
    const buckets = new Map<string, typeof valid>();
    for (const item of valid) {
      const bits = BigInt('0x' + item.phash);
      const key = ((bits >> BigInt(64 - end)) & ((1n << BigInt(end - start)) - 1n)).toString(36);
      const list = buckets.get(key);
      if (list) list.push(item);
      else buckets.set(key, [item]);
    }
    for (const list of buckets.values()) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          if (hammingHex(list[i]!.phash, list[j]!.phash) <= maxDistance)
            union(list[i]!.id, list[j]!.id);
        }
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const i of valid) {
    const r = find(i.id);
    const g = groups.get(r);
    if (g) g.push(i.id);
    else groups.set(r, [i.id]);
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort());
}
