// Worker thread entry: runs the per-file pipeline (read+hash -> dedup question -> decode once
// -> all renditions -> metadata -> thumbnail files) and reports back. All SQLite writes stay in
// the main thread; this thread only touches the file and the thumbnail folder.
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { ThumbnailStore } from '../library/thumbnail.store.js';
import { mediaKind } from '../media/format.js';
import { sniffFormat } from '../media/format.sniffer.js';
import { renderMedia } from '../media/render.service.js';
import { readMetadata } from '../metadata/index.js';
import type { PhotoMetadata } from '../metadata/types.js';
import type { Rendition, RenderResult } from '../media/types.js';
import { extensionWarning } from './extension.check.js';
import { toFailure } from './failure.js';
import { readAndHash, type ReadResult } from './file.reader.js';
import type {
  ContinueMessage,
  DoneMessage,
  IngestTask,
  RenditionInfo,
  WorkerRequest,
  WorkerResponse,
  WorkerSettings,
} from './ingest.protocol.js';

const settings = workerData as WorkerSettings;
// Every file is decoded exactly once: libvips' operation cache would only hold memory.
sharp.cache(false);
const store = new ThumbnailStore(settings.libraryDir);
const port = parentPort!;
const waiting = new Map<number, (msg: ContinueMessage) => void>();

function send(msg: WorkerResponse): void {
  port.postMessage(msg);
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'continue') {
    waiting.get(msg.taskId)?.(msg);
    waiting.delete(msg.taskId);
    return;
  }
  void run(msg);
});

async function run(task: IngestTask): Promise<void> {
  try {
    send(await ingest(task));
  } catch (err) {
    const f = toFailure(err, task.path);
    send({
      type: 'failed',
      taskId: task.taskId,
      code: f.code,
      message: f.message,
      retryable: f.retryable,
    });
  }
}

async function ingest(task: IngestTask): Promise<DoneMessage> {
  const file = await readAndHash(task.path, sniffFormat);
  const decision = new Promise<ContinueMessage>((resolve) => waiting.set(task.taskId, resolve));
  send({
    type: 'hashed',
    taskId: task.taskId,
    photoId: file.photoId,
    format: file.format,
    size: file.size,
    mtimeMs: file.mtimeMs,
  });
  const { render } = await decision;
  const base = {
    type: 'done' as const,
    taskId: task.taskId,
    photoId: file.photoId,
    size: file.size,
    mtimeMs: file.mtimeMs,
  };
  const mismatch = extensionWarning(task.path, file.format);
  const nameWarnings = mismatch ? [mismatch] : [];
  if (!render) return { ...base, warnings: nameWarnings };

  const bytes = file.bytes ? { bytes: file.bytes } : {};
  const metaInput = { path: task.path, ...bytes, format: file.format, mtimeMs: file.mtimeMs };
  const written = new Map<string, RenditionInfo>();
  const write = (r: Rendition): RenditionInfo => {
    const info = {
      size: r.size,
      file: store.write(file.photoId, r.size, r.mime, r.data),
      width: r.width,
      height: r.height,
      bytes: r.data.length,
      mime: r.mime,
    };
    written.set(r.size, info);
    return info;
  };

  // HEIC: the grid comes from the embedded thumbnail in milliseconds while the primary image
  // takes ~1 s of WASM, so the photo is committed with its grid first (the job stays open
  // until the preview lands). Metadata is read up front: sharp gives the EXIF without a decode.
  let earlyMeta: PhotoMetadata | undefined;
  let onRendition: ((r: Rendition) => void) | undefined;
  if (file.format === 'heic') {
    const meta = await readMetadata(metaInput, { homeZone: settings.homeZone });
    earlyMeta = meta;
    onRendition = (r) => {
      if (r.size !== 'grid') return;
      const grid = write(r);
      send({
        type: 'partial',
        taskId: task.taskId,
        photoId: file.photoId,
        size: file.size,
        mtimeMs: file.mtimeMs,
        renditions: [grid],
        warnings: [...nameWarnings, ...meta.warnings],
        photo: photoRecord(file, meta, null),
      });
    };
  }
  const rendered = await renderMedia({
    path: task.path,
    ...bytes,
    format: file.format,
    ...(onRendition ? { onRendition } : {}),
  });
  const meta =
    earlyMeta ??
    (await readMetadata(
      {
        ...metaInput,
        ...(rendered.exif ? { exif: rendered.exif } : {}),
        ...(rendered.xmp ? { xmp: rendered.xmp } : {}),
      },
      { homeZone: settings.homeZone },
    ));
  const renditions = rendered.renditions.map((r) => written.get(r.size) ?? write(r));
  return {
    ...base,
    renditions,
    warnings: [...nameWarnings, ...meta.warnings],
    photo: photoRecord(file, meta, rendered),
  };
}

/** The photo row: decoded dimensions when there is a picture, the metadata's otherwise. */
function photoRecord(
  file: ReadResult,
  meta: PhotoMetadata,
  rendered: RenderResult | null,
): NonNullable<DoneMessage['photo']> {
  const decoded = rendered && !rendered.placeholder && rendered.width > 0;
  return {
    id: file.photoId,
    size: file.size,
    format: file.format,
    kind: mediaKind(file.format),
    width: decoded ? rendered.width : meta.width,
    height: decoded ? rendered.height : meta.height,
    orientation: meta.orientation,
    takenAt: meta.takenAt,
    takenAtUtc: meta.takenAtUtc,
    timeZone: meta.timeZone,
    timeSource: meta.timeSource,
    zoneSource: meta.zoneSource,
    lat: meta.lat,
    lon: meta.lon,
    alt: meta.alt,
    make: meta.make,
    model: meta.model,
    city: meta.city,
    thumbhash: rendered?.thumbhash || null,
    phash: rendered && !rendered.placeholder ? rendered.phash : null,
    placeholder: rendered?.placeholder ?? false,
  };
}
