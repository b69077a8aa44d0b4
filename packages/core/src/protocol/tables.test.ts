import { describe, expect, it } from 'vitest';
import { SYNC_TABLES, columnSchema, columnsOf, isSyncTable } from './tables.js';

const SHOW = 'sfm:63d6f2b3:2019-05-21';
const MBID = '0b6f0c8e-5d1a-4c7e-9f00-1234567890ab';

function artistKeyOk(key: string): boolean {
  return SYNC_TABLES.show_artists.row.safeParse(key).success;
}

describe('sync tables', () => {
  it('takes a bill row as <show key>/mbid:<uuid> or <show key>/name:<name>', () => {
    expect(artistKeyOk(`${SHOW}/mbid:${MBID}`)).toBe(true);
    expect(artistKeyOk(`u:${MBID}/name:the national`)).toBe(true);
    expect(artistKeyOk(`${SHOW}/name:${'x'.repeat(200)}`)).toBe(true);
    for (const bad of [
      SHOW, // no artist
      `name:the national`, // no show
      `bogus/name:the national`,
      `${SHOW}/the national`,
      `${SHOW}/xmbid:${MBID}`,
      `${SHOW}/mbid:${MBID}x`,
      `${SHOW}/mbid:${'z'.repeat(36)}`,
      `${SHOW}/xname:the national`,
      `${SHOW}/name:ac/dc`,
      `${SHOW}/name: leading space`,
      `${SHOW}/name:${'x'.repeat(201)}`,
    ]) {
      expect(artistKeyOk(bad), bad).toBe(false);
    }
  });

  it('knows its own tables and columns only, not inherited names', () => {
    expect(isSyncTable('photos')).toBe(true);
    expect(isSyncTable('toString')).toBe(false);
    expect(columnsOf('photos')).toEqual(['starred', 'rating', 'caption']);
    expect(columnSchema('photos', 'starred')).toBeDefined();
    expect(columnSchema('photos', 'toString')).toBeUndefined();
    expect(columnSchema('photos', 'path')).toBeUndefined();
  });
});
