// `encore`: the engine from a terminal or a script. Every listing takes --json and prints one
// JSON array; bad arguments print one line and exit non-zero.
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config/config.js';
import { SETTINGS } from '../config/settings.js';
import type { EngineErrorCode } from '../contract/index.js';
import { EngineError, UsageError } from '../domain/errors.js';
import { Engine } from '../engine/engine.js';
import { toEngineError } from '../engine/engine-errors.js';
import { registerConcertCommands } from './concerts.commands.js';
import { registerEventCommands } from './events.commands.js';
import { registerSyncCommands } from './sync.commands.js';
import { printJson, printTable, type Io } from './output.js';
import { progressReporter } from './progress.js';

const VERSION = '0.1.0';

/** What to do next, by error code: the engine's messages say what is wrong, never a command. */
const HINTS: Partial<Record<EngineErrorCode, string>> = {
  NOT_SIGNED_IN: 'sign in with `encore sync login --server URL --email E`',
  REAUTH_REQUIRED: 'this device was signed out; sign in again with `encore sync login`',
  PASSWORD_REQUIRED: 'set ENCORE_PASSWORD, or run this in a terminal to be asked for it',
  AMBIGUOUS_ID: 'give more digits of the id (see `encore photos`)',
  SHOW_NOT_FOUND: 'see `encore concerts` for the concert ids',
  READONLY: 'another process holds this library; try again when it is done',
  BUSY: 'another process holds this library; try again when it is done',
};

interface GlobalOptions {
  library?: string;
}

export async function main(
  argv: string[],
  io: Io = { out: process.stdout, err: process.stderr },
): Promise<number> {
  let engine: Engine | null = null;
  let exitCode = 0;
  // One engine per command, however many times a command asks for it.
  const open = async (program: Command): Promise<Engine> => {
    if (engine) return engine;
    const config = loadConfig({ library: (program.opts() as GlobalOptions).library });
    engine = await Engine.open({
      libraryDir: config.libraryDir,
      workers: config.workers,
      homeZone: config.homeZone,
      setlistfmUrl: config.setlistfmUrl,
    });
    return engine;
  };

  const program = new Command('encore')
    .description('Encore: a photo library for people who go to concerts')
    .version(VERSION)
    .addOption(
      new Option(
        '--library <dir>',
        'library folder (default: ENCORE_LIBRARY or the app-data folder)',
      ),
    )
    .showHelpAfterError('(run `encore --help` for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
    });

  const sources = program.command('sources').description('manage the folders Encore watches');
  sources
    .command('add')
    .description('add folders as sources (they are ingested by `scan` or `watch`)')
    .argument('<path...>')
    .action(async (paths: string[]) => {
      const e = await open(program);
      for (const p of paths)
        io.out.write(`added ${(await e.call('sources.add', { path: p })).path}\n`);
    });
  sources
    .command('remove')
    .description('remove sources by id or path; photos found nowhere else leave the library')
    .argument('<source...>')
    .action(async (ids: string[]) => {
      const e = await open(program);
      for (const id of ids) {
        const removed = await e.call('sources.remove', { id: /^\d+$/.test(id) ? Number(id) : id });
        io.out.write(`removed ${removed.path}\n`);
      }
    });
  sources
    .command('list')
    .description('list sources')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await (await open(program)).call('sources.list');
      if (opts.json) return printJson(io, rows);
      if (rows.length === 0)
        return void io.out.write('no sources; add one with `encore sources add PATH`\n');
      printTable(
        io,
        ['ID', 'KIND', 'FILES', 'LAST SCAN', 'PATH'],
        rows.map((s) => [s.id, s.kind, s.fileCount, s.lastScanAt, s.path]),
      );
    });

  program
    .command('scan')
    .description('add the paths as sources (none: every source), ingest, and wait until done')
    .argument('[path...]')
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const e = await open(program);
      const progress = progressReporter(io);
      const off = e.on('ingest.progress', (p) => progress.update(p));
      const summary = await e.call('library.scan', { paths }).finally(() => {
        off();
        progress.stop();
      });
      // A source that could not be scanned (unmounted, deleted) fails the command, after the rest.
      if (summary.sources.some((s) => s.problem)) exitCode = 1;
      for (const s of summary.sources) if (s.problem) io.err.write(`encore: ${s.problem}\n`);
      if (opts.json) return printJson(io, summary);
      for (const s of summary.sources) {
        if (s.problem) continue;
        io.out.write(
          `${s.path}: ${s.seen} files, ${s.queued} ingested or updated, ${s.removed} gone\n`,
        );
      }
      io.out.write(
        `library: ${summary.photos} photos, ${summary.errors} problems (see \`encore errors\`)\n`,
      );
    });

  program
    .command('watch')
    .description(
      'rescan every source, then keep ingesting new and changed files (and syncing, when signed in) until stopped (Ctrl-C)',
    )
    .action(async () => {
      const e = await open(program);
      const watched = await e.watch((err) => io.err.write(`encore: ${err.message}\n`));
      io.out.write(`watching ${watched.length} source(s); Ctrl-C to stop\n`);
      if (e.startSync()) io.out.write(`syncing with ${(await e.call('sync.status')).server}\n`);
      e.on('ingest.progress', (p) => {
        if (p.queued === 0 && p.running === 0)
          void e.call('library.status').then((s) => io.out.write(`idle: ${s.photos} photos\n`));
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    });

  program
    .command('status')
    .description('library totals and the ingest queue')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const s = await (await open(program)).call('library.status');
      if (opts.json) return printJson(io, s);
      io.out.write(
        `library  ${s.library}\nphotos   ${s.photos} (${s.locations} files)\nsources  ${s.sources}\n` +
          `queue    ${s.jobs.queued} queued, ${s.jobs.running} running, ${s.jobs.failed} quarantined\nproblems ${s.errors}\n`,
      );
    });

  program
    .command('photos')
    .description('list photos, oldest first')
    .option('--json', 'print JSON')
    .option('--starred', 'only starred photos')
    .action(async (opts: { json?: boolean; starred?: boolean }) => {
      const e = await open(program);
      const rows = await e.call('photos.list', { starred: opts.starred ?? false });
      // Starred on another device, no file here: listed with `local: false`.
      const remote = opts.starred ? await e.call('library.remoteStarred') : [];
      if (opts.json)
        return printJson(io, [
          ...rows.map((p) => ({ ...p, local: true })),
          ...remote.map(({ id, starred, rating, caption, fetched }) => ({
            id,
            local: false,
            starred,
            rating,
            caption,
            fetched,
          })),
        ]);
      printTable(
        io,
        ['ID', 'TAKEN', 'FORMAT', 'SIZE', 'CITY', 'PATH'],
        rows.map((p) => [
          p.id.slice(0, 12),
          p.takenAt,
          p.format,
          p.width ? `${p.width}x${p.height}` : null,
          p.city?.name ?? null,
          p.paths[0] ?? null,
        ]),
      );
      for (const p of remote) {
        io.out.write(
          `${p.id.slice(0, 12)}  (starred on another device; \`encore sync fetch ${p.id.slice(0, 12)}\`)\n`,
        );
      }
    });

  for (const [name, starred] of [
    ['star', true],
    ['unstar', false],
  ] as const) {
    program
      .command(name)
      .description(
        `${name} photos by id (or a unique prefix of 8+ hex digits); synced to your other devices`,
      )
      .argument('<photo...>')
      .action(async (ids: string[]) => {
        const done = await (await open(program)).call('photo.setStarred', { ids, starred });
        for (const id of done.ids) io.out.write(`${starred ? 'starred' : 'unstarred'} ${id}\n`);
      });
  }

  program
    .command('errors')
    .description('files that could not be ingested, and warnings about their metadata')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await (await open(program)).call('errors.list');
      if (opts.json) return printJson(io, rows);
      if (rows.length === 0) return void io.out.write('no problems\n');
      printTable(
        io,
        ['SEVERITY', 'CODE', 'PATH', 'MESSAGE'],
        rows.map((r) => [r.severity, r.code, r.path, r.message]),
      );
    });

  program
    .command('duplicates')
    .description(
      'byte-identical copies (one photo, several files) and near-duplicates by perceptual hash',
    )
    .option('--json', 'print JSON')
    .option('--distance <n>', 'max Hamming distance between perceptual hashes (0-20)', '6')
    .action(async (opts: { json?: boolean; distance: string }) => {
      const distance = Number(opts.distance);
      if (!/^\d+$/.test(opts.distance) || distance > 20) {
        throw new UsageError(
          `--distance must be a whole number from 0 to 20 (got "${opts.distance}")`,
        );
      }
      const groups = await (await open(program)).call('duplicates.list', { distance });
      if (opts.json) return printJson(io, groups);
      if (groups.length === 0) return void io.out.write('no duplicates\n');
      for (const g of groups) {
        io.out.write(`${g.kind}:\n`);
        for (const p of g.photos)
          for (const path of p.paths) io.out.write(`  ${p.id.slice(0, 12)}  ${path}\n`);
      }
    });

  program
    .command('settings')
    .description(`show or change a setting (${SETTINGS.map((s) => s.key).join(', ')})`)
    .argument('[key]')
    .argument('[value]')
    .option('--json', 'print JSON')
    .action(
      async (key: string | undefined, value: string | undefined, opts: { json?: boolean }) => {
        const e = await open(program);
        const rows = await e.call('settings.list');
        if (!key) {
          if (opts.json) return printJson(io, rows);
          return printTable(
            io,
            ['KEY', 'VALUE', 'DESCRIPTION'],
            rows.map((r) => [r.key, r.value ?? '(default)', r.description]),
          );
        }
        const known = rows.find((r) => r.key === key);
        if (!known)
          throw new UsageError(
            `unknown setting "${key}"; known: ${rows.map((r) => r.key).join(', ')}`,
          );
        const v =
          value !== undefined ? (await e.call('settings.set', { key, value })).value : known.value;
        io.out.write(
          opts.json ? JSON.stringify({ key, value: v }) + '\n' : `${key} = ${v ?? '(default)'}\n`,
        );
      },
    );

  // Concert catalog and matching (issue 3) live in their own files.
  const context = { io, open: () => open(program) };
  registerConcertCommands(program, context);
  registerEventCommands(program, context);
  registerSyncCommands(program, context);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its message; help and version are not failures.
      return err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.exitCode === 0
        ? 0
        : 2;
    }
    const e = err instanceof EngineError ? err : toEngineError(err);
    io.err.write(`encore: ${e.message}\n`);
    const hint = HINTS[e.code];
    if (hint) io.err.write(`encore: ${hint}\n`);
    // A bad argument, or one that names nothing (an unknown or ambiguous id), is a usage error.
    return e.code === 'USAGE' || e.code === 'NOT_FOUND' || e.code === 'AMBIGUOUS_ID' ? 2 : 1;
  } finally {
    await (engine as Engine | null)?.close();
  }
}
