import { collectPages } from '@berth/client';
import { type AuditEntry, auditResults } from '@berth/spec';
import { type Command, Option } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { formatTime } from '../format-time.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import type { Column } from '../table.js';

const columns: Column<AuditEntry>[] = [
  { header: 'Time', value: (e) => formatTime(e.time) },
  { header: 'User', value: (e) => e.user },
  { header: 'Account', value: (e) => e.account },
  { header: 'Action', value: (e) => e.action },
  { header: 'Target', value: (e) => e.target },
  { header: 'Result', value: (e) => e.result },
  { header: 'Status', value: (e) => e.status },
  { header: 'Request id', value: (e) => e.requestId },
];

interface ListOptions extends PageFlags {
  action?: string;
  user?: string;
  result?: AuditEntry['result'];
}

const examples = `
Examples:
  berth audit list --account acme
  berth audit list --action members.set --result denied --limit 20
  berth audit list --user alice -o json | jq -r '.items[].requestId'`;

/** `berth audit list`: the audit log of an account, newest first. */
export function registerAudit(program: Command, deps: CliDeps): void {
  const group = program
    .command('audit')
    .summary('read the audit log of an account')
    .description('Every change made in an account: who, what, when, with what result.');

  addPageOptions(group.command('list'), 50)
    .description('List audit entries of the account, newest first (account admins)')
    .option('--action <action>', 'only this action, e.g. accounts.create')
    .option('--user <username>', 'only actions of this user')
    .addOption(new Option('--result <result>', 'only this result').choices(auditResults))
    .addHelpText('after', examples)
    .action((options: ListOptions, command: Command) =>
      list(createCommandContext(command, deps), options),
    );
}

async function list(ctx: CommandContext, options: ListOptions): Promise<void> {
  const { client } = await ctx.connect();
  const filters = { action: options.action, user: options.user, result: options.result };
  const page = await collectPages((p) => client.audit.list({ ...filters, ...p }), {
    cursor: options.cursor,
    maxItems: options.limit,
  });
  printPage(ctx, page, columns, 'audit entries');
}
