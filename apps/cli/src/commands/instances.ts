import { collectPages } from '@berth/client';
import { type Command, InvalidArgumentError } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { confirm } from '../confirm.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { formatInstance } from '../views/format-instance.js';
import { instanceColumns } from '../views/instance-columns.js';
import { addWaitOptions, finishAction, type WaitFlags, waitHelp } from '../wait/wait-flags.js';

const accountNote = `
Instances belong to the account: --account NAME, else the context's account.`;

/** Commander parser of a replica count: a whole number from 0 to 100. */
function replicaCount(value: string): number {
  const n = Number(value);
  if (!/^\d{1,3}$/.test(value) || n > 100) {
    throw new InvalidArgumentError('must be a whole number from 0 to 100');
  }
  return n;
}

/** `berth instances list|get|upgrade|rollback|scale|stop|start|delete`. */
export function registerInstances(program: Command, deps: CliDeps): void {
  const group = program
    .command('instances')
    .summary('list, show, upgrade, roll back, scale, stop, start and delete instances')
    .description(
      `Instances: published app versions running on a cluster ("berth deploy" makes one).${accountNote}`,
    );
  const context = (command: Command) => createCommandContext(command, deps);

  addPageOptions(group.command('list'))
    .description('List the instances of the account with their phase')
    .addHelpText('after', '\nExamples:\n  berth instances list\n  berth instances list -o json')
    .action((flags: PageFlags, command: Command) => list(context(command), flags));

  group
    .command('get')
    .argument('<name>', 'the instance')
    .description('Show an instance: phase and why, versions, host, and each node of its app')
    .addHelpText(
      'after',
      '\nExamples:\n  berth instances get shop-north\n  berth instances get shop-north -o json | jq .status',
    )
    .action((name: string, _o: unknown, command: Command) => get(context(command), name));

  action(group, 'upgrade', 'running at the new version')
    .argument('<version>', 'a published version of its app')
    .description('Move an instance to another version (a failed upgrade rolls back by itself)')
    .addHelpText(
      'after',
      `\nExample:\n  berth instances upgrade shop-north 1.5.0 --wait\n${waitHelp}`,
    )
    .action((name: string, version: string, flags: WaitFlags, command: Command) =>
      upgrade(context(command), name, version, flags),
    );

  action(group, 'rollback', 'running at the version before')
    .description('Go back to the version the instance ran before')
    .addHelpText('after', `\nExample:\n  berth instances rollback shop-north --wait\n${waitHelp}`)
    .action((name: string, flags: WaitFlags, command: Command) =>
      simple(context(command), name, flags, 'rollback'),
    );

  action(group, 'scale', 'running with the new replicas')
    .argument('<node>', "one of the app's nodes, e.g. web")
    .argument('<replicas>', 'how many, 0–100', replicaCount)
    .description("Set the replicas of one of the instance's nodes")
    .addHelpText(
      'after',
      `\nExample:\n  berth instances scale shop-north web 3 --wait\n${waitHelp}`,
    )
    .action((name: string, node: string, replicas: number, flags: WaitFlags, command: Command) =>
      scale(context(command), name, node, replicas, flags),
    );

  action(group, 'stop', 'stopped')
    .description('Stop every node of an instance (its containers and data are kept)')
    .addHelpText('after', `\nExample:\n  berth instances stop shop-north --wait\n${waitHelp}`)
    .action((name: string, flags: WaitFlags, command: Command) =>
      simple(context(command), name, flags, 'stop'),
    );

  action(group, 'start', 'running')
    .description('Start a stopped instance')
    .addHelpText('after', `\nExample:\n  berth instances start shop-north --wait\n${waitHelp}`)
    .action((name: string, flags: WaitFlags, command: Command) =>
      simple(context(command), name, flags, 'start'),
    );

  action(group, 'delete', 'gone')
    .description('Delete an instance: its containers, network and (unless kept) data')
    .option('--keep-data', 'keep its volumes and managed databases')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .addHelpText(
      'after',
      `
Examples:
  berth instances delete shop-north
  berth instances delete shop-north --keep-data --yes --wait

The instance answers 404 once its host has removed it; --wait waits for that.
${waitHelp}`,
    )
    .action((name: string, flags: DeleteFlags, command: Command) =>
      remove(context(command), name, flags),
    );
}

interface DeleteFlags extends WaitFlags {
  keepData?: boolean;
  yes?: boolean;
}

function action(group: Command, name: string, goal: string): Command {
  return addWaitOptions(group.command(name).argument('<name>', 'the instance'), goal);
}

async function list(ctx: CommandContext, flags: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.instances.list(p), {
    cursor: flags.cursor,
    maxItems: flags.limit,
  });
  printPage(ctx, page, instanceColumns, 'instances');
}

async function get(ctx: CommandContext, name: string): Promise<void> {
  const { client } = await ctx.connect();
  const instance = await client.instances.get(name);
  ctx.out.result(instance, () => formatInstance(instance));
}

async function upgrade(
  ctx: CommandContext,
  name: string,
  version: string,
  flags: WaitFlags,
): Promise<void> {
  const { client } = await ctx.connect();
  const started = await client.instances.upgrade(name, version);
  const from = started.previousVersion ? ` from ${started.previousVersion}` : '';
  await finishAction(
    ctx,
    client,
    started,
    { phase: 'running', version: started.version },
    flags,
    `Upgrading instance "${name}"${from} to ${started.version}.`,
  );
}

async function simple(
  ctx: CommandContext,
  name: string,
  flags: WaitFlags,
  what: 'rollback' | 'stop' | 'start',
): Promise<void> {
  const { client } = await ctx.connect();
  const started = await client.instances[what](name);
  if (what === 'stop') {
    return finishAction(
      ctx,
      client,
      started,
      { phase: 'stopped' },
      flags,
      `Stopping instance "${name}".`,
    );
  }
  const note =
    what === 'start'
      ? `Starting instance "${name}".`
      : `Rolling instance "${name}" back to ${started.version}.`;
  const goal = {
    phase: 'running',
    version: what === 'rollback' ? started.version : undefined,
  } as const;
  return finishAction(ctx, client, started, goal, flags, note);
}

async function scale(
  ctx: CommandContext,
  name: string,
  node: string,
  replicas: number,
  flags: WaitFlags,
): Promise<void> {
  const { client } = await ctx.connect();
  const started = await client.instances.scale(name, node, replicas);
  await finishAction(
    ctx,
    client,
    started,
    { phase: 'running' },
    flags,
    `Scaling node ${node} of instance "${name}" to ${replicas}.`,
  );
}

async function remove(ctx: CommandContext, name: string, flags: DeleteFlags): Promise<void> {
  const { client } = await ctx.connect();
  const data = flags.keepData ? 'keeping its data' : 'and its data';
  await confirm(ctx, `Delete instance "${name}" ${data}?`, {
    yes: flags.yes === true,
    refusal: `Refusing to delete instance "${name}"`,
  });
  const started = await client.instances.delete(name, { keepData: flags.keepData === true });
  await finishAction(
    ctx,
    client,
    started,
    { phase: 'deleted' },
    flags,
    `Deleting instance "${name}" ${flags.keepData ? '(keeping its data)' : 'and its data'}.`,
  );
}
