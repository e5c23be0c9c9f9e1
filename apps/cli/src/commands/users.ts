import { collectPages } from '@berth/client';
import type { User } from '@berth/spec';
import type { Command } from 'commander';
import { askNewPassword } from '../ask-password.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { formatTime } from '../format-time.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { type Column, formatTable } from '../table.js';

const columns: Column<User>[] = [
  { header: 'Username', value: (u) => u.username },
  { header: 'Display name', value: (u) => u.displayName },
  { header: 'Must change password', value: (u) => u.mustChangePassword },
  { header: 'Created', value: (u) => formatTime(u.createdAt) },
];

interface CreateOptions {
  passwordStdin?: boolean;
  displayName?: string;
  mustChangePassword?: boolean;
}

const createExamples = `
Examples:
  berth users create alice --display-name "Alice Martin" --must-change-password
  printf '%s\\n' "$FIRST_PASSWORD" | berth users create bob --password-stdin

Then give them a role in an account: berth members set alice --role developer --account acme`;

/** `berth users create|list|get`: the users of the installation (platform administrators). */
export function registerUsers(program: Command, deps: CliDeps): void {
  const group = program
    .command('users')
    .summary('create, list and show users (platform administrators)')
    .description('Users of the installation; "berth members" gives them roles in accounts.');

  group
    .command('create')
    .argument('<username>', 'lower-case letters, digits, ".", "_" and "-"')
    .description('Create a user; the password is prompted twice, or read with --password-stdin')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--display-name <text>', 'a human-readable name')
    .option('--must-change-password', 'make the user choose a new password at first sign-in')
    .addHelpText('after', createExamples)
    .action((username: string, options: CreateOptions, command: Command) =>
      create(createCommandContext(command, deps), username, options),
    );

  addPageOptions(group.command('list'))
    .description('List all users')
    .addHelpText('after', '\nExamples:\n  berth users list\n  berth users list -o json')
    .action((options: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), options),
    );

  group
    .command('get')
    .argument('<username>', 'the user')
    .description('Show one user')
    .addHelpText('after', '\nExample:\n  berth users get alice')
    .action((username: string, _o: unknown, command: Command) =>
      get(createCommandContext(command, deps), username),
    );
}

async function create(
  ctx: CommandContext,
  username: string,
  options: CreateOptions,
): Promise<void> {
  const { client } = await ctx.connect();
  const password = await askNewPassword(ctx, {
    fromStdin: options.passwordStdin === true,
    flag: '--password-stdin',
    what: 'password',
  });
  const user = await client.users.create({
    username,
    password,
    displayName: options.displayName,
    mustChangePassword: options.mustChangePassword === true,
  });
  ctx.out.note(`Created user "${user.username}".`);
  ctx.out.result(user, () => formatTable(columns, [user]));
}

async function list(ctx: CommandContext, options: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.users.list(p), {
    cursor: options.cursor,
    maxItems: options.limit,
  });
  printPage(ctx, page, columns, 'users');
}

async function get(ctx: CommandContext, username: string): Promise<void> {
  const { client } = await ctx.connect();
  const user = await client.users.get(username);
  ctx.out.result(user, () => formatTable(columns, [user]));
}
