// Worker thread entry: runs the per-file pipeline (read+hash -> dedup question -> decode once
// -> all renditions -> metadata -> thumbnail files) and reports back. All SQLite writes stay in
// the main thread; this thread only touches the file and the thumbnail folder.
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import type { PhotoId } from '../domain/ids.js';
import { ThumbnailStore } from '../library/thumbnail.store.js';
import { mediaKind } from '../media/format.js';
import { sniffFormat } from '../media/format.sniffer.js';
import { renderMedia } from '../media/render.service.js';
import { readMetadata } from '../metadata/index.js';
import { extensionWarning } from './extension.check.js';
import { toFailure } from './failure.js';
import { readAndHash } from './file.reader.js';
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

  const rendered = await renderMedia({
    path: task.path,
    ...(file.bytes ? { bytes: file.bytes } : {}),
    format: file.format,
  });
  const meta = await readMetadata(
    {
      path: task.path,
      ...(file.bytes ? { bytes: file.bytes } : {}),
      format: file.format,
      mtimeMs: file.mtimeMs,
      ...(rendered.exif ? { exif: rendered.exif } : {}),
      ...(rendered.xmp ? { xmp: rendered.xmp } : {}),
    },
    { homeZone: settings.homeZone },
  );
  const warnings = [...nameWarnings, ...meta.warnings];
  const renditions: RenditionInfo[] = rendered.renditions.map((r) => ({
    size: r.size,
    file: store.write(file.photoId as PhotoId, r.size, r.mime, r.data),
    width: r.width,
    height: r.height,
    bytes: r.data.length,
    mime: r.mime,
  }));
  const decoded = !rendered.placeholder && rendered.width > 0;
  return {
    ...base,
    renditions,
    warnings,
    photo: {
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
      thumbhash: rendered.thumbhash || null,
      phash: rendered.placeholder ? null : rendered.phash,
      placeholder: rendered.placeholder,
    },
  };
}
