// `encore match | events | assign | unassign | not-concert`: events and their concerts.
import type { Command } from 'commander';
import type { EventInfo, EventStatus, ShowInfo } from '../contract/index.js';
import { UsageError } from '../domain/errors.js';
import type { Engine } from '../engine/engine.js';
import { CONFIDENT_SCORE, NEAR_TIE_RATIO } from '../matching/decision.js';
import { EVENT_STATUSES } from '../matching/types.js';
import { printJson, printTable, type Io } from './output.js';

export interface EventCommandContext {
  io: Io;
  open: () => Promise<Engine>;
}

function showLine(s: ShowInfo): string {
  const place = [s.venue.name, s.venue.city].filter(Boolean).join(', ');
  return `${s.date} ${place}${s.artists.length ? ` (${s.artists.join(', ')})` : ''}`;
}

function outcome(e: EventInfo): string {
  if (e.show) return showLine(e.show);
  if (e.status === 'ambiguous')
    return e.candidates
      .filter(
        (c) =>
          c.score >= CONFIDENT_SCORE && c.score >= (e.candidates[0]?.score ?? 0) * NEAR_TIE_RATIO,
      )
      .map((c) => `#${c.show.id} ${c.show.venue.name}`)
      .join(' | ');
  if (e.status === 'unmatched' && e.candidates[0])
    return `maybe #${e.candidates[0].show.id} ${showLine(e.candidates[0].show)}`;
  return '-';
}

function describe(io: Io, e: EventInfo): void {
  const by = e.decidedBy === 'user' ? ' (your decision)' : '';
  io.out.write(
    `${e.id}: ${e.status}${by}${e.show ? ` -> #${e.show.id} ${showLine(e.show)}` : ''}\n`,
  );
}

export function registerEventCommands(program: Command, ctx: EventCommandContext): void {
  const { io } = ctx;

  program
    .command('match')
    .description('group photos into events and match them to the shows in your catalog')
    .option('--all', 'score every event again, not only those whose photos or shows changed')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const { events, match } = await (
        await ctx.open()
      ).call('events.match', {
        all: opts.all ?? false,
      });
      if (opts.json) return printJson(io, { events, match });
      io.out.write(
        `events: ${events.events} (${events.created} new, ${events.changed} changed, ${events.removed} gone)\n` +
          `matched ${match.matched}, ambiguous ${match.ambiguous}, unmatched ${match.unmatched}, ` +
          `not a concert ${match.notConcert} (${match.userDecided} decided by you; ${match.rematched} scored now)\n`,
      );
      const outside = events.excluded
        .map(
          (x) =>
            `${x.photos} ${x.reason === 'no-capture-time' ? 'without a capture time' : 'with only a file time'}`,
        )
        .join(', ');
      if (outside) io.out.write(`photos outside events: ${outside}\n`);
      if (match.onlineProblem)
        io.err.write(`encore: setlist.fm not used (${match.onlineProblem}); matched offline\n`);
    });

  program
    .command('events')
    .description('list events with their show, or the candidates to choose from')
    .option('--json', 'print JSON')
    .option('--status <status>', `only events with this status (${EVENT_STATUSES.join(', ')})`)
    .option(
      '--needs-review',
      'only undecided events worth a look: two shows fit, a candidate, or an evening of 5+ photos',
    )
    .action(async (opts: { json?: boolean; status?: string; needsReview?: boolean }) => {
      if (opts.status !== undefined && !EVENT_STATUSES.includes(opts.status as EventStatus)) {
        throw new UsageError(
          `--status must be one of ${EVENT_STATUSES.join(', ')} (got "${opts.status}")`,
        );
      }
      const rows = await (
        await ctx.open()
      ).call('events.list', {
        ...(opts.status ? { status: opts.status as EventStatus } : {}),
        withPhotoIds: true,
      });
      // Oldest first, as a log reads.
      rows.reverse();
      if (opts.needsReview) rows.splice(0, rows.length, ...rows.filter((e) => e.needsReview));
      if (opts.json) return printJson(io, rows);
      if (rows.length === 0)
        return void io.out.write('no events; run `encore match` after a scan\n');
      printTable(
        io,
        ['ID', 'SHOW DAY', 'LOCAL', 'PHOTOS', 'CITY', 'STATUS', 'SHOW'],
        rows.map((e) => [
          e.id,
          e.showDay,
          `${e.localStart}-${e.localEnd}`,
          e.photoCount,
          e.city?.name ?? null,
          e.decidedBy === 'user' ? `${e.status}*` : e.status,
          outcome(e),
        ]),
      );
      if (rows.some((e) => e.decidedBy === 'user')) io.out.write('* your decision\n');
    });

  program
    .command('assign')
    .description('say which show an event is (wins over automatic matching, for good)')
    .argument('<event>', 'event id (or a unique prefix)')
    .argument('<show>', 'show id from the catalog or from `encore events` candidates')
    .action(async (eventId: string, showArg: string) => {
      if (!/^\d+$/.test(showArg) || Number(showArg) < 1)
        throw new UsageError(`SHOW_ID must be a show number (got "${showArg}")`);
      const e = await ctx.open();
      describe(io, await e.call('events.assign', { eventId, showId: Number(showArg) }));
    });

  program
    .command('unassign')
    .description('take the show off an event; it waits in the review queue with suggestions')
    .argument('<event>', 'event id (or a unique prefix)')
    .action(async (eventId: string) => {
      describe(io, await (await ctx.open()).call('events.unassign', { eventId }));
    });

  program
    .command('not-concert')
    .description('mark an event as not a concert; matching leaves it alone')
    .argument('<event>', 'event id (or a unique prefix)')
    .action(async (eventId: string) => {
      describe(io, await (await ctx.open()).call('events.notConcert', { eventId }));
    });
}
