// Messages between the ingest service (main thread) and its workers.
import type { PhotoId } from '../domain/ids.js';
import type { MediaFormat } from '../media/format.js';
import type { ThumbnailSize } from '../media/types.js';
import type { MetadataWarning } from '../metadata/types.js';
import type { PhotoRecord } from '../library/photo.repository.js';

export interface IngestTask {
  type: 'ingest';
  taskId: number;
  path: string;
}

/** Sent by the main thread after `hashed`: does this content still need decoding? */
export interface ContinueMessage {
  type: 'continue';
  taskId: number;
  render: boolean;
}

export interface WorkerSettings {
  libraryDir: string;
  homeZone: string;
}

export interface HashedMessage {
  type: 'hashed';
  taskId: number;
  photoId: PhotoId;
  format: MediaFormat;
  size: number;
  mtimeMs: number;
}

export interface RenditionInfo {
  size: ThumbnailSize;
  file: string;
  width: number;
  height: number;
  bytes: number;
  mime: string;
}

export interface DoneMessage {
  type: 'done';
  taskId: number;
  photoId: PhotoId;
  size: number;
  mtimeMs: number;
  /** Absent when the photo already existed and nothing was decoded. */
  photo?: Omit<PhotoRecord, 'starred' | 'rating' | 'caption'>;
  renditions?: RenditionInfo[];
  warnings: MetadataWarning[];
}

/** HEIC: the photo with its grid thumbnail, sent before the preview is decoded. */
export interface PartialMessage extends Omit<DoneMessage, 'type'> {
  type: 'partial';
}

export interface FailedMessage {
  type: 'failed';
  taskId: number;
  code: string;
  message: string;
  /** Transient (I/O, file changing, disk full): try again later. */
  retryable: boolean;
}

export type WorkerRequest = IngestTask | ContinueMessage;
export type WorkerResponse = HashedMessage | PartialMessage | DoneMessage | FailedMessage;
