// `encore concerts ...` and `encore setlistfm ...`: the concert catalog from a terminal.
// Listings take --json and print one JSON array; import errors are one line naming the
// file, line and field, and nothing of a failed import is stored.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ImportSummaryInfo, RequestOf, ShowInfo } from '../contract/index.js';
import { UsageError } from '../domain/errors.js';
import type { Engine } from '../engine/engine.js';
import { printJson, printTable, type Io } from './output.js';

export interface ConcertCommandsContext {
  io: Io;
  open: () => Promise<Engine>;
}

interface ListOptions {
  json?: boolean;
  all?: boolean;
  artist?: string;
  venue?: string;
  city?: string;
  year?: string;
}

interface ShowOptions {
  date?: string;
  venue?: string;
  city?: string;
  country?: string;
  lat?: string;
  lon?: string;
  artist?: string[];
  tour?: string;
  json?: boolean;
}

export function registerConcertCommands(program: Command, ctx: ConcertCommandsContext): void {
  const { io } = ctx;

  const concerts = program
    .command('concerts')
    .description('your concerts: list them, or import, export, add, edit, remove');

  // The default subcommand, so `encore concerts --json` lists while `add --artist` and
  // `import --json` keep their own options (a parent's options would swallow them).
  concerts
    .command('list', { isDefault: true })
    .description('list your concerts, oldest first (the default)')
    .option('--json', 'print JSON')
    .option('--all', 'include shows found online that you never imported')
    .option('--artist <name>', 'only shows with this artist (part of the name)')
    .option('--venue <name>', 'only shows at this venue (part of the name)')
    .option('--city <name>', 'only shows in this city (part of the name)')
    .option('--year <yyyy>', 'only shows in this year')
    .action(async (opts: ListOptions) => {
      const year = opts.year !== undefined ? parseYear(opts.year) : undefined;
      const shows = await (
        await ctx.open()
      ).call('concerts.catalog', {
        includeOnline: opts.all ?? false,
        ...(opts.artist ? { artist: opts.artist } : {}),
        ...(opts.venue ? { venue: opts.venue } : {}),
        ...(opts.city ? { city: opts.city } : {}),
        ...(year !== undefined ? { year } : {}),
      });
      if (opts.json) return printJson(io, shows);
      if (shows.length === 0)
        return void io.out.write('no concerts; add some with `encore concerts import FILE`\n');
      printTable(
        io,
        ['ID', 'DATE', 'VENUE', 'CITY', 'ORIGIN', 'ARTISTS'],
        shows.map((s) => [
          s.id,
          s.date,
          s.venue.name,
          s.venue.city,
          s.origin,
          s.artists.join(', '),
        ]),
      );
    });

  concerts
    .command('import')
    .description('import setlist.fm JSON (setlists responses, one or many pages) or CSV files')
    .argument('<file...>')
    .option('--json', 'print the summary as JSON')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const summary = await (await ctx.open()).call('concerts.import', { files });
      if (opts.json) return printJson(io, summary);
      io.out.write(summaryLine(files.length, summary) + '\n');
    });

  concerts
    .command('export')
    .description('export your concerts as CSV or JSON (to stdout without --out)')
    .requiredOption('--format <format>', 'csv or json')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--all', 'include shows found online that you never imported')
    .action(async (opts: { format: string; out?: string; all?: boolean }) => {
      if (opts.format !== 'csv' && opts.format !== 'json')
        throw new UsageError(`--format must be csv or json (got "${opts.format}")`);
      const { text, count } = await (
        await ctx.open()
      ).call('concerts.export', {
        format: opts.format,
        includeOnline: opts.all ?? false,
      });
      if (!opts.out) return void io.out.write(text);
      writeAtomically(opts.out, text);
      io.out.write(`wrote ${count} concerts to ${opts.out}\n`);
    });

  const showOptions = (cmd: Command) =>
    cmd
      .option('--date <date>', 'the local date, YYYY-MM-DD or dd-MM-yyyy')
      .option('--venue <name>', 'venue name')
      .option('--city <name>', "the venue's city")
      .option('--country <code>', 'country, as an ISO code (DE, US) or a name')
      .option('--lat <deg>', "the venue's latitude (with --lon)")
      .option('--lon <deg>', "the venue's longitude (with --lat)")
      .option('--artist <name>', 'an artist; repeat in bill order, headliner last', collect)
      .option('--tour <name>', 'tour name')
      .option('--json', 'print the show as JSON');

  showOptions(concerts.command('add').description('add a concert by hand')).action(
    async (opts: ShowOptions) => {
      for (const [flag, v] of [
        ['--date', opts.date],
        ['--venue', opts.venue],
        ['--city', opts.city],
        ['--country', opts.country],
      ] as const) {
        if (!v) throw new UsageError(`${flag} is required`);
      }
      if (!opts.artist?.length)
        throw new UsageError('--artist is required (repeat it for each artist)');
      const show = await (
        await ctx.open()
      ).call('concerts.add', {
        date: opts.date!,
        venue: {
          name: opts.venue!,
          city: opts.city!,
          country: opts.country!,
          lat: parseCoordinate('--lat', opts.lat),
          lon: parseCoordinate('--lon', opts.lon),
        },
        artists: opts.artist,
        tour: opts.tour ?? null,
      });
      printShow(io, 'added', show, opts.json);
    },
  );

  showOptions(
    concerts
      .command('edit')
      .description('change a concert: only the options given change (--artist replaces the bill)')
      .argument('<id>'),
  ).action(async (id: string, opts: ShowOptions) => {
    const patch: RequestOf<'concerts.edit'>['patch'] = {};
    if (opts.date !== undefined) patch.date = opts.date;
    if (opts.tour !== undefined) patch.tour = opts.tour;
    if (opts.artist) patch.artists = opts.artist;
    const venue: NonNullable<RequestOf<'concerts.edit'>['patch']['venue']> = {};
    if (opts.venue !== undefined) venue.name = opts.venue;
    if (opts.city !== undefined) venue.city = opts.city;
    if (opts.country !== undefined) venue.country = opts.country;
    if (opts.lat !== undefined) venue.lat = parseCoordinate('--lat', opts.lat);
    if (opts.lon !== undefined) venue.lon = parseCoordinate('--lon', opts.lon);
    if (Object.keys(venue).length > 0) patch.venue = venue;
    if (Object.keys(patch).length === 0)
      throw new UsageError(
        'nothing to change: give --date, --venue, --city, --country, --lat/--lon, --artist or --tour',
      );
    const show = await (await ctx.open()).call('concerts.edit', { id: parseShowId(id), patch });
    printShow(io, 'changed', show, opts.json);
  });

  concerts
    .command('remove')
    .description('remove a concert')
    .argument('<id>')
    .action(async (id: string) => {
      const show = await (await ctx.open()).call('concerts.remove', { id: parseShowId(id) });
      io.out.write(`removed ${describe(show)}\n`);
    });

  const setlistfm = program.command('setlistfm').description('setlist.fm online lookups');
  setlistfm
    .command('key')
    .description(
      'store the setlist.fm API key used for online lookups (get one at setlist.fm/settings/api)',
    )
    .argument('[key]')
    .option('--clear', 'forget the key (online lookups stop)')
    .action(async (key: string | undefined, opts: { clear?: boolean }) => {
      const e = await ctx.open();
      if (opts.clear) {
        if (key) throw new UsageError('give a key or --clear, not both');
        await e.call('setlistfm.setKey', { key: null });
        return void io.out.write('setlist.fm API key removed; online lookups are off\n');
      }
      if (key === undefined) {
        const stored = await e.call('setlistfm.keyStatus');
        return void io.out.write(
          stored.set
            ? `setlist.fm API key is set (…${stored.last4})\n`
            : 'no setlist.fm API key; set one with `encore setlistfm key KEY`\n',
        );
      }
      await e.call('setlistfm.setKey', { key });
      io.out.write('setlist.fm API key stored; online lookups are on\n');
    });
}

function summaryLine(files: number, s: ImportSummaryInfo): string {
  const total = s.shows.added + s.shows.updated + s.shows.unchanged;
  return (
    `imported ${files} file${files === 1 ? '' : 's'}: ${total} concert${total === 1 ? '' : 's'} ` +
    `(${s.shows.added} added, ${s.shows.updated} updated, ${s.shows.unchanged} unchanged); ` +
    `new: ${s.artists.added} artists, ${s.venues.added} venues, ${s.setlists.added} setlists` +
    (s.setlists.updated ? `; ${s.setlists.updated} setlists updated` : '')
  );
}

function describe(s: ShowInfo): string {
  const place = [s.venue.name, s.venue.city].filter(Boolean).join(', ');
  return `#${s.id} ${s.date} ${s.artists.join(', ')} @ ${place}`;
}

function printShow(io: Io, verb: string, show: ShowInfo, json?: boolean): void {
  if (json) return printJson(io, show);
  io.out.write(`${verb} ${describe(show)}\n`);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseShowId(text: string): number {
  const id = text.replace(/^#/, '');
  if (!/^\d+$/.test(id) || Number(id) < 1)
    throw new UsageError(`a concert id is a whole number from \`encore concerts\` (got "${text}")`);
  return Number(id);
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text))
    throw new UsageError(`--year must be a four-digit year (got "${text}")`);
  return Number(text);
}

function parseCoordinate(flag: '--lat' | '--lon', text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  const max = flag === '--lat' ? 90 : 180;
  if (text.trim() === '' || !Number.isFinite(n) || Math.abs(n) > max)
    throw new UsageError(`${flag} must be a number from -${max} to ${max} (got "${text}")`);
  return n;
}

/** Temp file beside the target, then rename: a reader never sees half an export. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new UsageError(
      `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}
