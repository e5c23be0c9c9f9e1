import { collectPages } from '@berth/client';
import { type Account, accountTypes } from '@berth/spec';
import { type Command, Option } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { formatTime } from '../format-time.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { type Column, formatTable } from '../table.js';
import { registerContainerPolicy } from './account-container-policy.js';

const columns: Column<Account>[] = [
  { header: 'Name', value: (a) => a.name },
  { header: 'Type', value: (a) => a.type },
  { header: 'Display name', value: (a) => a.displayName },
  { header: 'Created', value: (a) => formatTime(a.createdAt) },
];

interface CreateOptions {
  type: Account['type'];
  displayName?: string;
}

/** `berth accounts create|list|get|container-policy`: accounts (tenants) of the installation. */
export function registerAccounts(program: Command, deps: CliDeps): void {
  const group = program
    .command('accounts')
    .summary('create, list and show accounts, and their container policy')
    .description('Accounts own apps, clusters and instances; users act in them through a role.');

  group
    .command('create')
    .argument('<name>', 'a DNS label: lower-case letters, digits and hyphens')
    .description('Create an account (platform administrators)')
    .addOption(
      new Option('--type <type>', 'what kind of account')
        .choices(accountTypes)
        .makeOptionMandatory(),
    )
    .option('--display-name <text>', 'a human-readable name')
    .addHelpText(
      'after',
      '\nExample:\n  berth accounts create acme --type isv --display-name "ACME Parking"',
    )
    .action((name: string, options: CreateOptions, command: Command) =>
      create(createCommandContext(command, deps), name, options),
    );

  addPageOptions(group.command('list'))
    .description('List the accounts you belong to (all of them, for platform administrators)')
    .addHelpText('after', '\nExamples:\n  berth accounts list\n  berth accounts list -o yaml')
    .action((options: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), options),
    );

  group
    .command('get')
    .argument('<name>', 'the account')
    .description('Show one account')
    .addHelpText('after', '\nExample:\n  berth accounts get acme -o json')
    .action((name: string, _o: unknown, command: Command) =>
      get(createCommandContext(command, deps), name),
    );

  registerContainerPolicy(group, deps);
}

async function create(ctx: CommandContext, name: string, options: CreateOptions): Promise<void> {
  const { client } = await ctx.connect();
  const account = await client.accounts.create({
    name,
    type: options.type,
    displayName: options.displayName,
  });
  ctx.out.note(`Created account "${account.name}".`);
  printAccount(ctx, account);
}

async function list(ctx: CommandContext, options: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.accounts.list(p), {
    cursor: options.cursor,
    maxItems: options.limit,
  });
  printPage(ctx, page, columns, 'accounts');
}

async function get(ctx: CommandContext, name: string): Promise<void> {
  const { client } = await ctx.connect();
  printAccount(ctx, await client.accounts.get(name));
}

function printAccount(ctx: CommandContext, account: Account): void {
  ctx.out.result(account, () => formatTable(columns, [account]));
}
