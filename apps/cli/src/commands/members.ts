import { type BerthClient, collectPages } from '@berth/client';
import { type Member, roles } from '@berth/spec';
import { type Command, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import type { Connection } from '../connection.js';
import { exitCodes } from '../exit-codes.js';
import { formatTime } from '../format-time.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { type Column, formatTable } from '../table.js';

const columns: Column<Member>[] = [
  { header: 'Username', value: (m) => m.username },
  { header: 'Role', value: (m) => m.role },
  { header: 'Display name', value: (m) => m.displayName },
  { header: 'Added', value: (m) => formatTime(m.addedAt) },
];

const accountNote = `
The account is --account NAME, else the context's account, else your only account.`;

/** `berth members list|set|remove`: who belongs to an account, with which role. */
export function registerMembers(program: Command, deps: CliDeps): void {
  const group = program
    .command('members')
    .summary('list, add, change and remove the members of an account')
    .description(`Members of an account and their roles (${roles.join(', ')}).${accountNote}`);

  addPageOptions(group.command('list'))
    .description('List the members of the account')
    .addHelpText('after', `\nExample:\n  berth members list --account acme\n${accountNote}`)
    .action((options: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), options),
    );

  group
    .command('set')
    .argument('<username>', 'the user to add, or whose role to change')
    .addOption(new Option('--role <role>', 'the role to give').choices(roles).makeOptionMandatory())
    .description('Add a user to the account, or change their role')
    .addHelpText(
      'after',
      `\nExample:\n  berth members set alice --role developer --account acme\n${accountNote}`,
    )
    .action((username: string, options: { role: Member['role'] }, command: Command) =>
      set(createCommandContext(command, deps), username, options.role),
    );

  group
    .command('remove')
    .argument('<username>', 'the user to remove')
    .description('Remove a user from the account')
    .addHelpText('after', `\nExample:\n  berth members remove alice --account acme\n${accountNote}`)
    .action((username: string, _o: unknown, command: Command) =>
      remove(createCommandContext(command, deps), username),
    );
}

async function list(ctx: CommandContext, options: PageFlags): Promise<void> {
  const { client, connection } = await ctx.connect();
  const account = await accountOf(client, connection);
  const page = await collectPages((p) => client.accounts.members(account, p), {
    cursor: options.cursor,
    maxItems: options.limit,
  });
  printPage(ctx, page, columns, 'members');
}

async function set(ctx: CommandContext, username: string, role: Member['role']): Promise<void> {
  const { client, connection } = await ctx.connect();
  const account = await accountOf(client, connection);
  const member = await client.accounts.setMember(account, username, role);
  ctx.out.note(`${member.username} is now ${member.role} in account "${account}".`);
  ctx.out.result(member, () => formatTable(columns, [member]));
}

async function remove(ctx: CommandContext, username: string): Promise<void> {
  const { client, connection } = await ctx.connect();
  const account = await accountOf(client, connection);
  await client.accounts.removeMember(account, username);
  ctx.out.note(`Removed ${username} from account "${account}".`);
  ctx.out.result({ account, username, removed: true }, () => '');
}

/**
 * The account in the path: the chosen one, else the one the token is pinned to, else the
 * caller's only account — the same choice the server makes for the Berth-Account header.
 * @throws CliError (usage) when the caller belongs to several and named none.
 */
async function accountOf(client: BerthClient, connection: Connection): Promise<string> {
  if (connection.account) return connection.account;
  const { accounts, token } = await client.me();
  if (token.account) return token.account;
  if (accounts.length === 1) return accounts[0]!.name;
  const names = accounts.map((a) => a.name).join(', ') || 'none';
  throw new CliError(
    `Name the account: --account NAME (you are a member of: ${names})`,
    exitCodes.usage,
    'account_required',
  );
}
