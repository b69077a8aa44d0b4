// Hybrid logical clock: wall-clock milliseconds plus a counter plus the node id, encoded so
// that plain string comparison orders timestamps (ISO instant, 4 hex digits, node).
// Used to stamp every change message; last-writer-wins compares these strings.
import type { Brand } from '../domain/ids.js';

/** `2026-11-22T07:53:00.000Z-0000-<node>`: sorts as a string. */
export type Hlc = Brand<string, 'Hlc'>;

export interface HlcParts {
  /** Milliseconds since the epoch (logical: may run ahead of the physical clock). */
  wall: number;
  /** 0..0xffff: orders events within one millisecond. */
  counter: number;
  /** Lowercase letters and digits, 1..32: the device that made the timestamp. */
  node: string;
}

export const HLC_MAX_COUNTER = 0xffff;
/** 9999-12-31T23:59:59.999Z: the last instant with a 24-character ISO form. */
const MAX_WALL = 253_402_300_799_999;
const NODE_RE = /^[0-9a-z]{1,32}$/;
export const HLC_PATTERN =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-z]{1,32})$/;

export class HlcError extends Error {
  constructor(
    readonly code: 'INVALID_HLC' | 'CLOCK_DRIFT',
    message: string,
  ) {
    super(message);
    this.name = 'HlcError';
  }
}

export function isValidHlcNode(node: string): boolean {
  return NODE_RE.test(node);
}

export function formatHlc({ wall, counter, node }: HlcParts): Hlc {
  if (!Number.isInteger(wall) || wall < 0 || wall > MAX_WALL) {
    throw new HlcError('INVALID_HLC', `HLC wall time out of range: ${wall}`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > HLC_MAX_COUNTER) {
    throw new HlcError('INVALID_HLC', `HLC counter out of range: ${counter}`);
  }
  if (!NODE_RE.test(node)) {
    throw new HlcError('INVALID_HLC', `HLC node must be 1-32 lowercase letters or digits`);
  }
  const hex = counter.toString(16).padStart(4, '0');
  return `${new Date(wall).toISOString()}-${hex}-${node}` as Hlc;
}

export function parseHlc(value: string): HlcParts {
  const m = HLC_PATTERN.exec(value);
  const wall = m ? Date.parse(m[1] as string) : NaN;
  // Date.parse accepts 2026-02-31; the round trip rejects it.
  if (!m || Number.isNaN(wall) || new Date(wall).toISOString() !== m[1]) {
    throw new HlcError('INVALID_HLC', `not an HLC timestamp: ${JSON.stringify(value)}`);
  }
  return { wall, counter: parseInt(m[2] as string, 16), node: m[3] as string };
}

export function isHlc(value: string): value is Hlc {
  try {
    parseHlc(value);
    return true;
  } catch {
    return false;
  }
}

/** -1, 0 or 1; the same order as comparing the strings. */
export function compareHlc(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface HlcClockOptions {
  /** Physical clock in ms (injectable for tests). */
  now?: () => number;
  /** Refuse to run further ahead of the physical clock than this (default 5 minutes). */
  maxDriftMs?: number;
  /** The last timestamp this node issued (persisted across restarts). */
  last?: string;
}

/**
 * One node's clock. `tick()` stamps a local change; `receive()` folds in a remote timestamp
 * so that everything stamped afterwards sorts after it. Timestamps are strictly increasing.
 */
export class HlcClock {
  private wall = 0;
  private counter = 0;
  private readonly now: () => number;
  private readonly maxDriftMs: number;

  constructor(
    readonly node: string,
    options: HlcClockOptions = {},
  ) {
    if (!NODE_RE.test(node)) {
      throw new HlcError('INVALID_HLC', `HLC node must be 1-32 lowercase letters or digits`);
    }
    this.now = options.now ?? Date.now;
    this.maxDriftMs = options.maxDriftMs ?? 5 * 60_000;
    if (options.last !== undefined) {
      const last = parseHlc(options.last);
      this.wall = last.wall;
      this.counter = last.counter;
    }
  }

  /** A new timestamp for a local event. */
  tick(): Hlc {
    const physical = this.now();
    if (physical > this.wall) {
      this.wall = physical;
      this.counter = 0;
    } else {
      this.bump();
    }
    this.checkDrift(physical);
    return this.current();
  }

  /** Merges a timestamp seen from another node; returns the new local timestamp. */
  receive(remote: string): Hlc {
    const r = parseHlc(remote);
    const physical = this.now();
    if (r.wall - physical > this.maxDriftMs) {
      throw new HlcError(
        'CLOCK_DRIFT',
        `remote clock ${r.node} is ${r.wall - physical} ms ahead (limit ${this.maxDriftMs} ms)`,
      );
    }
    const wall = Math.max(this.wall, r.wall, physical);
    if (wall === this.wall && wall === r.wall) {
      this.counter = Math.max(this.counter, r.counter);
      this.bump();
    } else if (wall === this.wall) {
      this.bump();
    } else if (wall === r.wall) {
      this.wall = wall;
      this.counter = r.counter;
      this.bump();
    } else {
      this.wall = wall;
      this.counter = 0;
    }
    this.checkDrift(physical);
    return this.current();
  }

  /** The last timestamp issued (persist it to resume after a restart). */
  current(): Hlc {
    return formatHlc({ wall: this.wall, counter: this.counter, node: this.node });
  }

  // The counter is spent: borrow the next millisecond rather than fail (the drift check
  // still bounds how far the logical clock can run ahead).
  private bump(): void {
    if (this.counter >= HLC_MAX_COUNTER) {
      this.wall += 1;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
  }

  private checkDrift(physical: number): void {
    if (this.wall - physical > this.maxDriftMs) {
      throw new HlcError(
        'CLOCK_DRIFT',
        `logical clock is ${this.wall - physical} ms ahead of the physical clock (limit ${this.maxDriftMs} ms)`,
      );
    }
  }
}
