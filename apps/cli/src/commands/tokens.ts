import { collectPages } from '@berth/client';
import type { TokenInfo } from '@berth/spec';
import type { Command } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { formatTime } from '../format-time.js';
import { addPageOptions, type PageFlags, positiveInteger, printPage } from '../paging.js';
import type { Column } from '../table.js';

const columns: Column<TokenInfo>[] = [
  { header: 'Id', value: (t) => t.id },
  { header: 'Name', value: (t) => t.name },
  { header: 'Prefix', value: (t) => t.prefix },
  { header: 'Account', value: (t) => t.account },
  { header: 'Created', value: (t) => formatTime(t.createdAt) },
  { header: 'Expires', value: (t) => formatTime(t.expiresAt) ?? 'never' },
  { header: 'Last used', value: (t) => formatTime(t.lastUsedAt) ?? 'never' },
];

const createExamples = `
Examples:
  # a token for CI that acts only in account acme and expires in 90 days
  berth tokens create ci-deploys --account acme --expires-in-days 90

  # keep it in a variable: stdout holds only the token
  export BERTH_TOKEN=$(berth tokens create laptop)

The token is printed once; the server keeps only a hash of it.`;

/** `berth tokens create|list|revoke`: your personal access tokens. */
export function registerTokens(program: Command, deps: CliDeps): void {
  const group = program
    .command('tokens')
    .summary('create, list and revoke personal access tokens')
    .description('Personal access tokens act as you, for scripts and CI (BERTH_TOKEN).');

  group
    .command('create')
    .argument('<name>', 'what the token is for, e.g. "ci deploys"')
    .description('Create a personal access token; --account NAME pins it to that account')
    .option('--expires-in-days <days>', 'days until it expires (default: never)', positiveInteger)
    .addHelpText('after', createExamples)
    .action((name: string, options: { expiresInDays?: number }, command: Command) =>
      create(createCommandContext(command, deps), name, options.expiresInDays),
    );

  addPageOptions(group.command('list'))
    .description('List your personal access tokens (never their secrets)')
    .addHelpText('after', '\nExamples:\n  berth tokens list\n  berth tokens list -o json')
    .action((options: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), options),
    );

  group
    .command('revoke')
    .argument('<id>', 'the id shown by "berth tokens list"')
    .description('Revoke one of your personal access tokens, effective at once')
    .addHelpText('after', '\nExample:\n  berth tokens revoke 0b7c1f9e-…')
    .action((id: string, _o: unknown, command: Command) =>
      revoke(createCommandContext(command, deps), id),
    );
}

async function create(ctx: CommandContext, name: string, expiresInDays?: number): Promise<void> {
  const { client } = await ctx.connect();
  // only an explicit --account pins the token, never the context's default account
  const created = await client.tokens.create({ name, account: ctx.globals.account, expiresInDays });
  const pinned = created.account ? `, acts only in account "${created.account}"` : '';
  const expires = created.expiresAt ? `expires ${formatTime(created.expiresAt)}` : 'never expires';
  ctx.out.note(`Created token "${created.name}" (id ${created.id}, ${expires}${pinned}).`);
  ctx.out.note('Store it now: it is not shown again.');
  ctx.out.result(created, () => `${created.token}\n`);
}

async function list(ctx: CommandContext, options: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.tokens.list(p), {
    cursor: options.cursor,
    maxItems: options.limit,
  });
  printPage(ctx, page, columns, 'tokens');
}

async function revoke(ctx: CommandContext, id: string): Promise<void> {
  const { client } = await ctx.connect();
  await client.tokens.revoke(id);
  ctx.out.note(`Revoked token ${id}.`);
  ctx.out.result({ id, revoked: true }, () => '');
}
