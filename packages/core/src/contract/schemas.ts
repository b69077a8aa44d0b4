// One zod schema per engine handler's params, checked once at the engine's door (and by the
// headless bridge before a message reaches it). Handlers receive the parsed, typed output.
// Browser-safe.
import { z } from 'zod';

const photoIdOrPrefix = z
  .string()
  .regex(/^[0-9a-fA-F]{8,64}$/, 'must be a photo id (8 to 64 hex digits)');
const photoId = z.string().regex(/^[0-9a-f]{64}$/, 'must be a photo id (64 hex digits)');
const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date')
  .nullish();
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const showId = z.number().int().positive('must be a show number from the catalog');
const eventRef = z.object({ eventId: z.string().min(1, 'must be an event id') });
const nothing = z.void();

const filter = {
  from: isoInstant,
  to: isoInstant,
  cityId: z.number().int('must be a GeoNames id').nullish(),
  starred: z.boolean().optional(),
};

const venueFields = {
  name: z.string().trim().min(1, 'is required'),
  city: z.string().trim().min(1, 'is required'),
  country: z.string().trim().min(1, 'is required'),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
};

export const eventStatusSchema = z.enum(['matched', 'ambiguous', 'unmatched', 'not-concert']);

export const handlerSchemas = {
  // ---- library ----
  'library.status': nothing,
  'library.page': z.object({
    cursor: z.string().nullish(),
    limit: z.number().int().min(1).max(500).optional(),
    ...filter,
  }),
  'library.count': z.object(filter),
  /** Adds the folders as sources (none: every source), rescans and waits until ingested. */
  'library.scan': z.object({ paths: z.array(z.string().min(1)).optional() }).optional(),
  'library.remoteStarred': nothing,
  'errors.list': nothing,
  'duplicates.list': z
    .object({ distance: z.number().int().min(0).max(20, 'must be 0 to 20').optional() })
    .optional(),

  // ---- photos ----
  'photos.list': z.object({ starred: z.boolean().optional() }).optional(),
  'photo.get': z.object({ id: z.string() }),
  'photo.setStarred': z.object({
    ids: z.array(photoIdOrPrefix).min(1, 'must name at least one photo'),
    starred: z.boolean(),
  }),
  'photo.setRating': z.object({
    ids: z.array(photoIdOrPrefix).min(1, 'must name at least one photo'),
    rating: z.number().int('must be a whole number').min(0).max(5).nullable(),
  }),
  'photo.setCaption': z.object({
    id: photoIdOrPrefix,
    caption: z.string().max(2000, 'is at most 2000 characters').nullable(),
  }),
  /** Absolute path of a rendition on this machine (hosts serve it), or null. */
  'photo.renditionPath': z.object({ id: photoId, size: z.enum(['grid', 'preview']) }),

  // ---- sources ----
  'sources.list': nothing,
  'sources.add': z.object({ path: z.string().trim().min(1, 'is required') }),
  /** By id, or by the folder's path. */
  'sources.remove': z.object({ id: z.union([z.number().int().positive(), z.string().min(1)]) }),

  // ---- settings ----
  'settings.list': nothing,
  'settings.set': z.object({ key: z.string().min(1), value: z.string().nullable() }),
  /** Whether a setlist.fm API key is stored (the key itself never leaves the engine). */
  'setlistfm.keyStatus': nothing,
  'setlistfm.setKey': z.object({
    key: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{8,100}$/, 'does not look like a setlist.fm API key')
      .nullable(),
  }),

  // ---- concerts: events and decisions ----
  'events.match': z.object({ all: z.boolean().optional() }).optional(),
  'events.list': z
    .object({ status: eventStatusSchema.optional(), withPhotoIds: z.boolean().optional() })
    .optional(),
  'events.assign': eventRef.extend({ showId }),
  'events.unassign': eventRef,
  'events.notConcert': eventRef,
  'events.clearDecision': eventRef,

  // ---- concerts: the catalog ----
  'concerts.list': z
    .object({
      query: z.string().optional(),
      near: localDate.optional(),
      limit: z.number().int().min(1).max(500).optional(),
    })
    .optional(),
  'concerts.catalog': z
    .object({
      includeOnline: z.boolean().optional(),
      artist: z.string().optional(),
      venue: z.string().optional(),
      city: z.string().optional(),
      year: z.number().int().min(1000).max(9999).optional(),
    })
    .optional(),
  'concerts.import': z.object({ files: z.array(z.string().min(1)).min(1) }),
  'concerts.export': z.object({
    format: z.enum(['csv', 'json']),
    includeOnline: z.boolean().optional(),
  }),
  'concerts.add': z.object({
    date: z.string().trim().min(1, 'is required'),
    venue: z.object(venueFields),
    artists: z.array(z.string().trim().min(1)).min(1, 'needs at least one artist'),
    tour: z.string().nullish(),
  }),
  'concerts.edit': z.object({
    id: showId,
    patch: z
      .object({
        date: z.string().optional(),
        tour: z.string().nullable().optional(),
        artists: z.array(z.string().trim().min(1)).min(1).optional(),
        venue: z
          .object({
            name: venueFields.name.optional(),
            city: venueFields.city.optional(),
            country: venueFields.country.optional(),
            lat: venueFields.lat,
            lon: venueFields.lon,
          })
          .optional(),
      })
      .refine((p) => Object.keys(p).length > 0, 'nothing to change'),
  }),
  'concerts.remove': z.object({ id: showId }),

  // ---- sync ----
  'sync.status': nothing,
  'sync.now': nothing,
  'sync.signIn': z.object({
    server: z.string().trim().min(1, 'is required'),
    email: z.string().trim().min(1, 'is required'),
    // Taken as typed: spaces count.
    password: z.string().min(1, 'is required'),
    deviceName: z.string().trim().max(100, 'is at most 100 characters').optional(),
    create: z.boolean().optional(),
  }),
  'sync.signOut': nothing,
  'sync.devices': nothing,
  'sync.revokeDevice': z.object({ device: z.string().trim().min(1) }),
  /** A path to a starred photo's bytes: the local file, or a copy fetched from the server. */
  'sync.fetch': z.object({
    id: photoIdOrPrefix,
    variant: z.enum(['original', 'preview', 'thumb']).optional(),
  }),
} as const;

export type HandlerSchemas = typeof handlerSchemas;
