import type { Command } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { removeContext } from '../config.js';
import { contextNamed } from '../connection.js';
import { formatTable } from '../table.js';

const examples = `
Examples:
  berth context list
  berth context use prod
  berth context delete old-lab`;

/** `berth context list|use|delete`: the contexts of the config file (no server involved). */
export function registerContext(program: Command, deps: CliDeps): void {
  const group = program
    .command('context')
    .summary('list, switch and delete the contexts of the config file')
    .description(
      'A context is a server, a user and their session token, saved by "berth login". Commands use the current context unless --context names another.',
    )
    .addHelpText('after', examples);

  group
    .command('list')
    .description('List the contexts; the current one is marked with *')
    .action((_o: unknown, command: Command) => list(createCommandContext(command, deps)));
  group
    .command('use')
    .argument('<name>', 'the context to make current')
    .description('Make a context the current one')
    .addHelpText('after', '\nExample:\n  berth context use prod')
    .action((name: string, _o: unknown, command: Command) =>
      use(createCommandContext(command, deps), name),
    );
  group
    .command('delete')
    .argument('<name>', 'the context to delete')
    .description(
      'Delete a context and its token from the config file. The session stays valid on the server until it expires: run "berth logout --context NAME" first to end it.',
    )
    .addHelpText('after', '\nExample:\n  berth logout --context lab && berth context delete lab')
    .action((name: string, _o: unknown, command: Command) =>
      remove(createCommandContext(command, deps), name),
    );
}

async function list(ctx: CommandContext): Promise<void> {
  const config = await ctx.loadConfig();
  // never the tokens: this output gets pasted into chats and tickets
  const items = config.contexts.map((c) => ({
    name: c.name,
    current: c.name === config.currentContext,
    server: c.server,
    username: c.username,
    account: c.account ?? null,
    signedIn: c.token !== undefined,
  }));
  if (items.length === 0) ctx.out.note('No contexts: sign in with "berth login --server URL".');
  ctx.out.result({ currentContext: config.currentContext ?? null, items }, () =>
    items.length === 0
      ? ''
      : formatTable(
          [
            { header: 'Current', value: (c) => (c.current ? '*' : ' ') },
            { header: 'Name', value: (c) => c.name },
            { header: 'Server', value: (c) => c.server },
            { header: 'User', value: (c) => c.username },
            { header: 'Account', value: (c) => c.account },
            { header: 'Signed in', value: (c) => c.signedIn },
          ],
          items,
        ),
  );
}

async function use(ctx: CommandContext, name: string): Promise<void> {
  const config = await ctx.loadConfig();
  contextNamed(config, name);
  await ctx.saveConfig({ ...config, currentContext: name });
  ctx.out.note(`Switched to context "${name}".`);
  ctx.out.result({ currentContext: name }, () => '');
}

async function remove(ctx: CommandContext, name: string): Promise<void> {
  const config = await ctx.loadConfig();
  contextNamed(config, name);
  await ctx.saveConfig(removeContext(config, name));
  ctx.out.note(`Deleted context "${name}".`);
  ctx.out.result({ deleted: name }, () => '');
}
