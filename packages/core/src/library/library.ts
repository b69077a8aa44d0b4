// The library: one SQLite file plus the thumbnail folder, and the repositories over them.
import path from 'node:path';
import { openDatabase, migrate, type Db, type OpenOptions } from './database.js';
import { ErrorRepository } from './error.repository.js';
import { JobRepository } from './job.repository.js';
import { LocationRepository } from './location.repository.js';
import { PhotoRepository } from './photo.repository.js';
import { SettingsRepository } from './settings.repository.js';
import { SourceRepository } from './source.repository.js';
import { ThumbnailRepository } from './thumbnail.repository.js';
import { ThumbnailStore, type FileWriter } from './thumbnail.store.js';

export const DATABASE_FILE = 'library.db';

export class Library {
  readonly photos: PhotoRepository;
  readonly locations: LocationRepository;
  readonly sources: SourceRepository;
  readonly thumbnails: ThumbnailRepository;
  readonly jobs: JobRepository;
  readonly errors: ErrorRepository;
  readonly settings: SettingsRepository;
  readonly thumbStore: ThumbnailStore;

  private constructor(
    readonly dir: string,
    readonly db: Db,
    writer?: FileWriter,
  ) {
    this.photos = new PhotoRepository(db);
    this.locations = new LocationRepository(db);
    this.sources = new SourceRepository(db);
    this.thumbnails = new ThumbnailRepository(db);
    this.jobs = new JobRepository(db);
    this.errors = new ErrorRepository(db);
    this.settings = new SettingsRepository(db);
    this.thumbStore = new ThumbnailStore(dir, writer);
  }

  static open(dir: string, options: OpenOptions & { fileWriter?: FileWriter } = {}): Library {
    const db = openDatabase(path.join(dir, DATABASE_FILE), options);
    if (!options.readonly) migrate(db);
    return new Library(dir, db, options.fileWriter);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
