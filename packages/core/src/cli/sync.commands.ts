// `encore sync signup | login | logout | now | status | fetch`, and the synced photo fields
// `encore rate` and `encore caption` (`star`/`unstar` live with the photo commands).
import readline from 'node:readline';
import { Option, type Command } from 'commander';
import { syncPasswordFromEnv } from '../config/config.js';
import type { SyncPassResult } from '../contract/index.js';
import { EngineError, UsageError } from '../domain/errors.js';
import type { Engine } from '../engine/engine.js';
import { BLOB_VARIANTS, type BlobVariant } from '../protocol/index.js';
import { printJson, printTable, type Io } from './output.js';

export interface SyncCommandContext {
  io: Io;
  open: () => Promise<Engine>;
  /** Where a password prompt reads from (default: the terminal). */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
}

interface SignInOptions {
  server: string;
  email: string;
  deviceName?: string;
}

export function registerSyncCommands(program: Command, ctx: SyncCommandContext): void {
  const { io } = ctx;
  const sync = program
    .command('sync')
    .description('sync stars, ratings, captions and concert decisions with your other devices');

  const signIn = (name: 'signup' | 'login', description: string) =>
    sync
      .command(name)
      .description(description)
      .requiredOption('--server <url>', 'the sync server, e.g. https://sync.example.com')
      .requiredOption('--email <email>', 'your account email')
      .option('--device-name <name>', 'how this device is listed (default: host and library)')
      .action(async (opts: SignInOptions) => {
        const password = syncPasswordFromEnv() ?? (await promptPassword(ctx, name === 'signup'));
        const e = await ctx.open();
        const status = await e.call('sync.signIn', {
          server: opts.server,
          email: opts.email,
          password,
          ...(opts.deviceName ? { deviceName: opts.deviceName } : {}),
          create: name === 'signup',
        });
        io.out.write(
          `${name === 'signup' ? 'created account and signed in' : 'signed in'} as ${status.account} on ${status.server} (device "${status.device?.name}")\n`,
        );
        if (status.firstPass) io.out.write(summaryLine(status.firstPass));
        else if (status.lastError)
          throw new EngineError(
            status.lastError.code,
            `signed in, but the first sync did not complete: ${status.lastError.message}`,
          );
      });

  signIn('signup', 'create an account on a sync server and sign this library in');
  signIn('login', 'sign this library in to your account (as a new device)');

  sync
    .command('logout')
    .description('sign out: revokes this device on the server; changes keep queueing here')
    .action(async () => {
      const e = await ctx.open();
      const before = await e.call('sync.status');
      if (before.state === 'signed-out') return void io.out.write('not signed in\n');
      const { warning } = await e.call('sync.signOut');
      if (warning) io.err.write(`encore: ${warning}\n`);
      io.out.write(`signed out of ${before.server}\n`);
    });

  sync
    .command('now')
    .description("push local changes, pull other devices' changes, upload starred photos")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const summary = await (await ctx.open()).call('sync.now');
      if (opts.json) return printJson(io, summary);
      io.out.write(summaryLine(summary));
    });

  sync
    .command('status')
    .description('the account, device, last sync and what waits to be sent')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const s = await (await ctx.open()).call('sync.status');
      if (opts.json) return printJson(io, s);
      if (s.state === 'signed-out') {
        io.out.write(
          `not signed in (${s.pendingMessages} change(s) waiting); run \`encore sync login --server URL --email E\`\n`,
        );
        return;
      }
      io.out.write(
        [
          `server:           ${s.server}`,
          `account:          ${s.account}`,
          `device:           ${s.device?.name} (${s.device?.id})`,
          `state:            ${s.state}`,
          `last sync:        ${s.lastSyncAt ?? 'never'}`,
          `pending messages: ${s.pendingMessages}`,
          `pending uploads:  ${s.pendingUploads}`,
          ...(s.failedUploads
            ? [`failed uploads:   ${s.failedUploads} (retried every 6 hours)`]
            : []),
          ...(s.lastError ? [`last error:       ${s.lastError.code}: ${s.lastError.message}`] : []),
        ].join('\n') + '\n',
      );
    });

  sync
    .command('devices')
    .description("the account's devices, this one marked with *")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const devices = await (await ctx.open()).call('sync.devices');
      if (opts.json) return printJson(io, devices);
      printTable(
        io,
        ['', 'ID', 'NAME', 'SIGNED IN', 'LAST SEEN', 'REVOKED'],
        devices.map((d) => [
          d.current ? '*' : '',
          d.id.slice(0, 8),
          d.name,
          d.createdAt,
          d.lastSeenAt,
          d.revokedAt,
        ]),
      );
    });

  sync
    .command('revoke')
    .description('sign another device out (a lost or sold laptop): its token stops working')
    .argument('<device>', 'device id (or its first digits) or exact name, from `sync devices`')
    .action(async (device: string) => {
      const d = await (await ctx.open()).call('sync.revokeDevice', { device });
      io.out.write(`revoked ${d.name} (${d.id})\n`);
    });

  sync
    .command('fetch')
    .description(
      "print a path to a starred photo's bytes, downloading them when this device lacks the file",
    )
    .argument('<photo>', 'photo id or unique prefix')
    .addOption(
      new Option('--variant <variant>', 'which bytes')
        .choices([...BLOB_VARIANTS])
        .default('original'),
    )
    .option('--json', 'print JSON')
    .action(async (photo: string, opts: { variant: BlobVariant; json?: boolean }) => {
      const fetched = await (
        await ctx.open()
      ).call('sync.fetch', {
        id: photo,
        variant: opts.variant,
      });
      if (opts.json) return printJson(io, fetched);
      io.out.write(`${fetched.path}\n`);
    });

  program
    .command('rate')
    .description('rate photos 0-5 (or `none` to clear); synced to your other devices')
    .argument('<rating>', '0 to 5, or none')
    .argument('<photo...>')
    .action(async (rating: string, ids: string[]) => {
      const value = rating === 'none' ? null : Number(rating);
      if (value !== null && !/^[0-5]$/.test(rating)) {
        throw new UsageError(`rating must be 0 to 5 or none (got "${rating}")`);
      }
      const rated = await (await ctx.open()).call('photo.setRating', { ids, rating: value });
      for (const id of rated.ids) {
        io.out.write(`rated ${id} ${value ?? 'none'}\n`);
      }
    });

  program
    .command('caption')
    .description(
      "set a photo's caption (empty or --clear removes it); synced to your other devices",
    )
    .argument('<photo>')
    .argument('[text...]')
    .option('--clear', 'remove the caption')
    .action(async (photo: string, words: string[], opts: { clear?: boolean }) => {
      const text = opts.clear ? null : words.join(' ');
      const { id } = await (
        await ctx.open()
      ).call('photo.setCaption', {
        id: photo,
        caption: text,
      });
      io.out.write(`${text ? 'captioned' : 'cleared caption of'} ${id}\n`);
    });
}

function summaryLine(s: SyncPassResult): string {
  const parts = [
    `sent ${s.pushed} change(s)`,
    `received ${s.pulled}${s.bootstrapped ? ' (full state)' : ''}`,
    `applied ${s.applied}`,
    `uploaded ${s.uploaded} file(s)`,
  ];
  if (s.uploadFailures)
    parts.push(`${s.uploadFailures} upload(s) failed (see \`encore sync status\`)`);
  return `synced: ${parts.join(', ')}\n`;
}

/** Reads a password from the terminal without echoing it. */
async function promptPassword(ctx: SyncCommandContext, confirm: boolean): Promise<string> {
  const input = ctx.input ?? process.stdin;
  if (!(input as { isTTY?: boolean }).isTTY) {
    throw new EngineError('PASSWORD_REQUIRED', 'no password given for the sync account');
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input, output: ctx.io.err, terminal: true });
      const rlOut = rl as unknown as { _writeToOutput: (s: string) => void };
      rl.question(question, (answer) => {
        rl.close();
        ctx.io.err.write('\n');
        resolve(answer);
      });
      // Echo nothing of what is typed.
      rlOut._writeToOutput = () => undefined;
      ctx.io.err.write(question);
    });
  const password = await ask('password: ');
  if (confirm && (await ask('again: ')) !== password) {
    throw new UsageError('the two passwords differ');
  }
  return password;
}
