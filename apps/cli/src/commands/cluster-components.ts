import type { BerthClient } from '@berth/client';
import type { ClusterComponent } from '@berth/spec';
import { type Command, Option } from 'commander';
import { isTransient } from '../api-errors.js';
import { CliError } from '../cli-error.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { formatDuration, parseDuration } from '../duration.js';
import { exitCodes } from '../exit-codes.js';
import { formatTable } from '../table.js';
import { componentColumns, componentNodeColumns } from '../views/component-columns.js';

interface InitFlags {
  node?: string[];
  wait?: boolean;
  /** Milliseconds. */
  timeout: number;
}

const note = `
Base components belong to edge-appliance clusters; other clusters answer 409.`;

/** `berth clusters components [list] CLUSTER | get | init`. */
export function registerClusterComponents(clusters: Command, deps: CliDeps): void {
  const group = clusters
    .command('components')
    .summary('list and initialise the base components of an edge-appliance cluster')
    .description(
      `The base components of an edge-appliance cluster (MQTT broker, host metrics, log collector, registry mirror) and their status on its hosts.${note}`,
    );

  group
    .command('list', { isDefault: true })
    .argument('<cluster>', 'the cluster')
    .description(
      'List the components with their status (the default: berth clusters components CLUSTER)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  berth clusters components plant\n  berth clusters components plant -o json',
    )
    .action((cluster: string, _o: unknown, command: Command) =>
      list(createCommandContext(command, deps), cluster),
    );

  group
    .command('get')
    .argument('<cluster>', 'the cluster')
    .argument('<component>', 'the component, e.g. mqtt-broker')
    .description('Show a component and its phase on each host')
    .action((cluster: string, component: string, _o: unknown, command: Command) =>
      get(createCommandContext(command, deps), cluster, component),
    );

  group
    .command('init')
    .argument('<cluster>', 'the cluster')
    .argument('<component>', 'the component, e.g. mqtt-broker')
    .description('Initialise a component on every host of the cluster (or those given with --node)')
    .option('--node <node>', 'only this host (repeatable)', collect)
    .option('--wait', 'wait until it runs on every host, showing each change on stderr')
    .addOption(
      new Option('--timeout <duration>', 'how long --wait waits, e.g. 90s, 10m')
        .argParser(parseDuration)
        .default(900_000, '15m'),
    )
    .addHelpText(
      'after',
      `
Examples:
  berth clusters components init plant mqtt-broker --wait
  berth clusters components init plant monitoring --node box-02

Initialising again is harmless: hosts that have the component keep it as it is.
With --wait: exit 0 once it runs on every host, 10 when it failed on one, 11 when
--timeout passes first (the hosts go on without you).${note}`,
    )
    .action((cluster: string, component: string, flags: InitFlags, command: Command) =>
      init(createCommandContext(command, deps), cluster, component, flags),
    );
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function describe(component: ClusterComponent): string {
  const head = `${component.name}: ${component.status}\n`;
  return component.nodes.length === 0
    ? head
    : `${head}${formatTable(componentNodeColumns, component.nodes)}`;
}

async function list(ctx: CommandContext, cluster: string): Promise<void> {
  const { client } = await ctx.connect();
  const page = await client.components.list(cluster);
  ctx.out.result(page, () => formatTable(componentColumns, page.items));
}

async function get(ctx: CommandContext, cluster: string, component: string): Promise<void> {
  const { client } = await ctx.connect();
  const found = await client.components.get(cluster, component);
  ctx.out.result(found, () => describe(found));
}

async function init(
  ctx: CommandContext,
  cluster: string,
  component: string,
  flags: InitFlags,
): Promise<void> {
  const { client } = await ctx.connect();
  const started = await client.components.initialise(cluster, component, flags.node);
  ctx.out.note(`Initialising ${component} on ${cluster}: ${started.status}.`);
  const reached = flags.wait
    ? await waitForReady(ctx, client, cluster, started, flags.timeout)
    : started;
  ctx.out.result(reached, () => describe(reached));
}

/** Where a component settles: still on its way, there, or failed somewhere. */
const settledFailed = new Set(['failed', 'degraded']);

/**
 * Polls the component every second until it runs on every host, printing each change
 * of a host's phase on stderr. Unreachable server, 5xx and 429 are retried.
 * @throws CliError 10 when it settles failed (or degraded), 11 on timeout.
 */
async function waitForReady(
  ctx: CommandContext,
  client: BerthClient,
  cluster: string,
  started: ClusterComponent,
  timeoutMs: number,
): Promise<ClusterComponent> {
  const { now, sleep } = ctx.deps;
  const deadline = now() + timeoutMs;
  const seen = new Map<string, string>();
  let current = started;
  for (;;) {
    for (const n of current.nodes) {
      const line = `${n.phase}${n.message ? ` (${n.message})` : ''}`;
      if (seen.get(n.node) !== line) ctx.out.note(`${n.node}: ${line}`);
      seen.set(n.node, line);
    }
    if (current.status === 'ready') return current;
    if (settledFailed.has(current.status)) {
      const why = current.nodes
        .filter((n) => n.phase === 'failed' || n.phase === 'degraded')
        .map((n) => `${n.node} ${n.message ?? n.phase}`)
        .join('; ');
      throw new CliError(
        `${current.name} ${current.status}: ${why}`,
        exitCodes.deploymentFailed,
        'component_failed',
      );
    }
    if (now() >= deadline) {
      throw new CliError(
        `${current.name} is still ${current.status} after ${formatDuration(timeoutMs)}: the hosts go on without you`,
        exitCodes.timedOut,
        'timed_out',
      );
    }
    await sleep(1000);
    try {
      current = await client.components.get(cluster, current.name);
    } catch (error) {
      if (!isTransient(error)) throw error;
    }
  }
}
