import type { Command } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { formatDetails, formatTable } from '../table.js';

const examples = `
Examples:
  berth whoami
  berth whoami -o json | jq -r .user.username`;

/** `berth whoami`: who the credentials belong to, and where they may act. */
export function registerWhoami(program: Command, deps: CliDeps): void {
  program
    .command('whoami')
    .summary('show the signed-in user and their accounts')
    .description(
      'Show who the credentials belong to, the server and context, and the accounts with your role in each.',
    )
    .addHelpText('after', examples)
    .action((_options: unknown, command: Command) => whoami(createCommandContext(command, deps)));
}

async function whoami(ctx: CommandContext): Promise<void> {
  const { client, connection } = await ctx.connect();
  const me = await client.me();
  const context = connection.context?.name ?? null;
  const data = { server: connection.server, context, account: connection.account ?? null, ...me };
  ctx.out.result(data, () => {
    const details = formatDetails([
      ['User', me.user.username],
      ['Display name', me.user.displayName],
      ['Platform admin', me.user.platformAdmin],
      ['Server', connection.server],
      ['Context', context],
      [
        'Token',
        me.token.account ? `${me.token.kind}, pinned to ${me.token.account}` : me.token.kind,
      ],
      ['Account', connection.account],
    ]);
    const accounts = formatTable(
      [
        { header: 'Account', value: (a) => a.name },
        { header: 'Type', value: (a) => a.type },
        { header: 'Role', value: (a) => a.role },
        { header: 'Display name', value: (a) => a.displayName },
      ],
      me.accounts,
    );
    return `${details}\n${accounts}`;
  });
}
