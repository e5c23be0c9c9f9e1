import { collectPages } from '@berth/client';
import type { ConsoleUser } from '@berth/spec';
import type { Command } from 'commander';
import { askNewPassword } from '../ask-password.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { confirm } from '../confirm.js';
import { formatTime } from '../format-time.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { type Column, formatTable } from '../table.js';

const columns: Column<ConsoleUser>[] = [
  { header: 'Username', value: (u) => u.username },
  { header: 'Mobile', value: (u) => u.mobile },
  { header: 'Super', value: (u) => u.superuser },
  { header: 'Must change password', value: (u) => u.mustChangePassword },
  { header: 'Created', value: (u) => formatTime(u.createdAt) },
];

interface AddFlags {
  mobile: string;
  passwordStdin?: boolean;
  mustChangePassword?: boolean;
}

const note = `
The cluster console is the edge cluster's own sign-in (edge and edge-appliance clusters).
Its super account iotedgeadmin signs in first with the password "iotedgeadmin" and must
change it; every other user has a mobile number, unique in the cluster.`;

/** `berth clusters console-users list|add|remove CLUSTER`. */
export function registerConsoleUsers(clusters: Command, deps: CliDeps): void {
  const group = clusters
    .command('console-users')
    .summary("manage the users of an edge cluster's console")
    .description(`Users of a cluster's console.${note}`);

  addPageOptions(group.command('list').argument('<cluster>', 'the cluster'))
    .description("List the console's users with their mobile numbers")
    .addHelpText('after', '\nExample:\n  berth clusters console-users list plant -o json')
    .action((cluster: string, flags: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), cluster, flags),
    );

  group
    .command('add')
    .argument('<cluster>', 'the cluster')
    .argument('<username>', 'lower-case letters, digits, ".", "_" and "-"')
    .requiredOption(
      '--mobile <number>',
      'the mobile number: E.164 (+4915112345678) or mainland China (13800138000)',
    )
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--must-change-password', 'make the user choose a new password at first sign-in')
    .description(
      'Add a console user; the password is prompted twice, or read with --password-stdin',
    )
    .addHelpText(
      'after',
      `
Examples:
  berth clusters console-users add plant wang --mobile "138 0013 8000"
  printf '%s\\n' "$PASSWORD" | berth clusters console-users add plant li --mobile +8613900139000 --password-stdin

A mobile number another user of the cluster has, in any spelling, is refused (exit 6).`,
    )
    .action((cluster: string, username: string, flags: AddFlags, command: Command) =>
      add(createCommandContext(command, deps), cluster, username, flags),
    );

  group
    .command('remove')
    .argument('<cluster>', 'the cluster')
    .argument('<username>', 'the console user (not iotedgeadmin)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .description('Remove a console user; their console sessions end')
    .action((cluster: string, username: string, flags: { yes?: boolean }, command: Command) =>
      remove(createCommandContext(command, deps), cluster, username, flags.yes === true),
    );
}

async function list(ctx: CommandContext, cluster: string, flags: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.consoleUsers.list(cluster, p), {
    cursor: flags.cursor,
    maxItems: flags.limit,
  });
  printPage(ctx, page, columns, 'console users');
}

async function add(
  ctx: CommandContext,
  cluster: string,
  username: string,
  flags: AddFlags,
): Promise<void> {
  const { client } = await ctx.connect();
  const password = await askNewPassword(ctx, {
    fromStdin: flags.passwordStdin === true,
    flag: '--password-stdin',
    what: 'password',
  });
  const user = await client.consoleUsers.create(cluster, {
    username,
    password,
    mobile: flags.mobile,
    ...(flags.mustChangePassword ? { mustChangePassword: true } : {}),
  });
  ctx.out.note(`Added console user "${user.username}" to cluster "${cluster}".`);
  ctx.out.result(user, () => formatTable(columns, [user]));
}

async function remove(
  ctx: CommandContext,
  cluster: string,
  username: string,
  yes: boolean,
): Promise<void> {
  const { client } = await ctx.connect();
  await confirm(ctx, `Remove console user "${username}" from cluster "${cluster}"?`, {
    yes,
    refusal: `Refusing to remove console user "${username}"`,
  });
  await client.consoleUsers.delete(cluster, username);
  ctx.out.note(`Removed console user "${username}" from cluster "${cluster}".`);
  ctx.out.result({ cluster, username, removed: true }, () => '');
}
