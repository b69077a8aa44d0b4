// A catalog on a real temporary library (SQLite file, all migrations), for tests.
import fs from 'node:fs';
import path from 'node:path';
import { Library } from '../../library/library.js';
import { tempDir } from '../../testing/temp.js';
import { Catalog } from '../catalog.service.js';
import { SETLISTFM_FIXTURES } from '../setlistfm/testing/standin.js';

export interface TempCatalog {
  dir: string;
  library: Library;
  catalog: Catalog;
  /** Rows in the catalog's tables, to prove a failed import stored nothing. */
  counts(): Record<string, number>;
  cleanup(): void;
}

export function tempCatalog(clock?: () => Date): TempCatalog {
  const tmp = tempDir('encore-catalog-');
  const library = Library.open(path.join(tmp.dir, 'library'));
  const catalog = new Catalog(library.db, clock);
  return {
    dir: tmp.dir,
    library,
    catalog,
    counts: () =>
      Object.fromEntries(
        ['shows', 'venues', 'artists', 'show_artists', 'setlists', 'catalog_changes'].map((t) => [
          t,
          (library.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
        ]),
      ),
    cleanup: () => {
      library.close();
      tmp.cleanup();
    },
  };
}

/** A setlist.fm fixture's path. */
export function setlistfmFixture(name: string): string {
  return path.join(SETLISTFM_FIXTURES, name);
}

/** Writes a file into dir and returns its path. */
export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
