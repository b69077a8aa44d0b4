import { describe, expect, it } from 'vitest';
import {
  ChangeMessageSchema,
  SyncRequestSchema,
  checkProtocolVersion,
  formatIssues,
} from './messages.js';

const PHOTO = 'a'.repeat(64);
const DEVICE = '0b6f0c8e-5d1a-4c7e-9f00-1234567890ab';
const HLC = '2026-11-22T08:00:00.000Z-0000-dev1';

function issuesOf(input: unknown): string {
  const r = ChangeMessageSchema.safeParse(input);
  return r.success ? 'ok' : formatIssues(r.error.issues);
}

describe('protocol v1 messages', () => {
  it('accepts each allowed table with a value of the column type', () => {
    const ok = [
      { table: 'photos', row: PHOTO, column: 'starred', value: true },
      { table: 'photos', row: PHOTO, column: 'rating', value: null },
      { table: 'photos', row: PHOTO, column: 'caption', value: 'Encore!' },
      {
        table: 'event_assignments',
        row: PHOTO,
        column: 'decision',
        value: { kind: 'assign', show: 'sfm:63d6f2b3:2019-05-21' },
      },
      {
        table: 'shows',
        row: 'u:0b6f0c8e-5d1a-4c7e-9f00-1234567890ab',
        column: 'date',
        value: '2019-05-21',
      },
      {
        table: 'show_artists',
        row: 'sfm:63d6f2b3:2019-05-21/name:the national',
        column: 'position',
        value: 2,
      },
    ];
    for (const m of ok) expect(issuesOf({ ...m, hlc: HLC, device: DEVICE }), m.column).toBe('ok');
  });

  it('names the field that is wrong', () => {
    const base = {
      table: 'photos',
      row: PHOTO,
      column: 'starred',
      value: true,
      hlc: HLC,
      device: DEVICE,
    };
    expect(issuesOf({ ...base, table: 'users' })).toMatch(
      /^table: unknown table "users" \(allowed: photos,/,
    );
    expect(issuesOf({ ...base, column: 'path' })).toBe(
      'column: unknown column "path" of photos (allowed: starred, rating, caption)',
    );
    expect(issuesOf({ ...base, value: 'yes' })).toMatch(/^value: /);
    expect(issuesOf({ ...base, column: 'rating', value: 9 })).toMatch(/^value: .*5/);
    expect(issuesOf({ ...base, row: 'IMG_0001.JPG' })).toMatch(/^row: must be a photo id/);
    expect(issuesOf({ ...base, hlc: 'yesterday' })).toMatch(/^hlc: must be an HLC/);
    expect(issuesOf({ ...base, device: 'laptop' })).toMatch(/^device: must be a device id/);
    expect(issuesOf({ ...base, extra: 1 })).toMatch(/extra/);
  });

  it('checks the version before anything else', () => {
    expect(checkProtocolVersion({ v: 1 })).toEqual({ ok: true });
    expect(checkProtocolVersion({ v: 2, junk: true })).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_PROTOCOL',
    });
    expect(checkProtocolVersion({})).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(checkProtocolVersion([1])).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('bounds a sync request', () => {
    const msg = {
      table: 'photos',
      row: PHOTO,
      column: 'starred',
      value: true,
      hlc: HLC,
      device: DEVICE,
    };
    expect(SyncRequestSchema.safeParse({ v: 1, since: 0, messages: [msg] }).success).toBe(true);
    const tooMany = SyncRequestSchema.safeParse({
      v: 1,
      since: 0,
      messages: Array.from({ length: 1001 }, () => msg),
    });
    expect(tooMany.success).toBe(false);
    expect(SyncRequestSchema.safeParse({ v: 1, since: -1, messages: [] }).success).toBe(false);
  });
});

describe('protocol v1 edges', () => {
  it('says what is wrong with a body that is not a versioned object', () => {
    const notObject = { ok: false, code: 'BAD_REQUEST', message: 'body: must be a JSON object' };
    for (const body of [null, 'v=1', 1, [1], [], undefined]) {
      expect(checkProtocolVersion(body), JSON.stringify(body)).toEqual(notObject);
    }
    expect(checkProtocolVersion({ w: 1 })).toEqual({
      ok: false,
      code: 'BAD_REQUEST',
      message: 'v: required (the protocol version, 1)',
    });
    expect(checkProtocolVersion({ v: '1' })).toEqual({
      ok: false,
      code: 'UNSUPPORTED_PROTOCOL',
      message: 'protocol version "1" is not supported; this server speaks 1',
    });
  });

  it('formats issues one per field, deduplicated, at most five', () => {
    expect(formatIssues([])).toBe('');
    expect(
      formatIssues([
        { path: [], message: 'must be an object' },
        { path: ['messages', 3, 'column'], message: 'unknown' },
        { path: ['messages', 3, 'column'], message: 'unknown' },
      ]),
    ).toBe('body: must be an object; messages.3.column: unknown');
    const five = Array.from({ length: 5 }, (_, i) => ({ path: [`f${i}`], message: 'bad' }));
    expect(formatIssues(five)).toBe('f0: bad; f1: bad; f2: bad; f3: bad; f4: bad');
    const seven = Array.from({ length: 7 }, (_, i) => ({ path: [`f${i}`], message: 'bad' }));
    expect(formatIssues(seven)).toBe('f0: bad; f1: bad; f2: bad; f3: bad; f4: bad (and 2 more)');
  });
});
