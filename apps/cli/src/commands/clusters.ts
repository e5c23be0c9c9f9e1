import { collectPages } from '@berth/client';
import { type Cluster, clusterRuntimes, clusterTypes } from '@berth/spec';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { confirm } from '../confirm.js';
import { exitCodes } from '../exit-codes.js';
import { addPageOptions, type PageFlags, positiveInteger, printPage } from '../paging.js';
import { formatTable } from '../table.js';
import { clusterColumns } from '../views/cluster-columns.js';
import { formatCluster } from '../views/format-cluster.js';
import { registerClusterComponents } from './cluster-components.js';
import { registerConsoleUsers } from './cluster-console-users.js';
import { registerClusterRegistries } from './cluster-registries.js';

interface CreateFlags {
  type: Cluster['type'];
  runtime?: Cluster['runtime'];
  nfs?: { server: string; path: string };
  serviceCidr?: string;
  displayName?: string;
}

interface AgentSettingsFlags {
  heartbeatSeconds?: number;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

const accountNote = `
Clusters belong to the account (--account NAME, else the context's); clusters the
platform shares (cloud regions, the embedded "local") are listed too, read-only.`;

const createExamples = `
Examples:
  berth clusters create north --type edge
  berth clusters create north --type edge --nfs 10.0.0.5:/exports/berth --service-cidr 10.96.0.0/16
  berth clusters create plant --type edge-appliance --display-name "Plant 3"

Warnings (e.g. an address range that overlaps another) are printed on stderr. Next:
"berth nodes create CLUSTER NODE" makes the join command of each host.${accountNote}`;

/** Commander parser of `--nfs SERVER:/PATH`. @throws InvalidArgumentError (exit 2). */
export function parseNfs(value: string): { server: string; path: string } {
  const at = value.indexOf(':');
  const server = value.slice(0, at);
  const path = value.slice(at + 1);
  if (at <= 0 || !path.startsWith('/')) {
    throw new InvalidArgumentError('must be SERVER:/PATH, e.g. 10.0.0.5:/exports/berth');
  }
  return { server, path };
}

/** `berth clusters create|list|get|delete|agent-settings|components|console-users|registries`. */
export function registerClusters(program: Command, deps: CliDeps): void {
  const group = program
    .command('clusters')
    .summary(
      'create, list, show and delete clusters, set their agent settings, components and console users',
    )
    .description(`Clusters: groups of hosts (nodes) that instances are deployed to.${accountNote}`);

  group
    .command('create')
    .argument('<name>', 'a DNS label: lower-case letters, digits and hyphens')
    .description('Create a cluster')
    .addOption(
      new Option('--type <type>', 'what kind of site').choices(clusterTypes).makeOptionMandatory(),
    )
    .addOption(
      new Option('--runtime <runtime>', 'what runs the containers (default: engine)').choices(
        clusterRuntimes,
      ),
    )
    .option('--nfs <server:/path>', 'shared storage: an NFS export', parseNfs)
    .option('--service-cidr <cidr>', 'the address range of services, e.g. 10.96.0.0/16')
    .option('--display-name <text>', 'a human-readable name')
    .addHelpText('after', createExamples)
    .action((name: string, flags: CreateFlags, command: Command) =>
      create(createCommandContext(command, deps), name, flags),
    );

  addPageOptions(group.command('list'))
    .description("List the account's clusters and the shared ones")
    .addHelpText('after', '\nExamples:\n  berth clusters list\n  berth clusters list -o json')
    .action((flags: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), flags),
    );

  group
    .command('get')
    .argument('<name>', 'the cluster')
    .description('Show a cluster: type, runtime, storage, nodes online, agent settings')
    .addHelpText('after', '\nExample:\n  berth clusters get north -o yaml')
    .action((name: string, _o: unknown, command: Command) =>
      get(createCommandContext(command, deps), name),
    );

  group
    .command('delete')
    .argument('<name>', 'the cluster')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .description('Delete a cluster and its nodes (their agents are refused from then on)')
    .addHelpText(
      'after',
      '\nExamples:\n  berth clusters delete north\n  berth clusters delete north --yes   # in scripts and CI',
    )
    .action((name: string, flags: { yes?: boolean }, command: Command) =>
      remove(createCommandContext(command, deps), name, flags.yes === true),
    );

  group
    .command('agent-settings')
    .argument('<name>', 'the cluster')
    .description('Change the settings of every agent of the cluster')
    .option('--heartbeat-seconds <n>', 'how often agents report, 1–3600', positiveInteger)
    .addOption(
      new Option('--log-level <level>', "the agents' log level").choices([
        'error',
        'warn',
        'info',
        'debug',
      ]),
    )
    .addHelpText(
      'after',
      `
Examples:
  berth clusters agent-settings north --heartbeat-seconds 5
  berth clusters agent-settings north --log-level debug

Settings left out stay as they are. Each agent gets them with its next desired state.`,
    )
    .action((name: string, flags: AgentSettingsFlags, command: Command) =>
      agentSettings(createCommandContext(command, deps), name, flags),
    );

  registerClusterComponents(group, deps);
  registerConsoleUsers(group, deps);
  registerClusterRegistries(group, deps);
}

async function create(ctx: CommandContext, name: string, flags: CreateFlags): Promise<void> {
  const { client } = await ctx.connect();
  const cluster = await client.clusters.create({
    name,
    displayName: flags.displayName,
    type: flags.type,
    runtime: flags.runtime,
    storage: flags.nfs ? { nfs: flags.nfs } : undefined,
    serviceCidr: flags.serviceCidr,
  });
  ctx.out.note(`Created cluster "${cluster.name}".`);
  for (const warning of cluster.warnings) ctx.out.note(`warning: ${warning}`);
  ctx.out.result(cluster, () => formatTable(clusterColumns, [cluster]));
}

async function list(ctx: CommandContext, flags: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.clusters.list(p), {
    cursor: flags.cursor,
    maxItems: flags.limit,
  });
  printPage(ctx, page, clusterColumns, 'clusters');
}

async function get(ctx: CommandContext, name: string): Promise<void> {
  const { client } = await ctx.connect();
  const cluster = await client.clusters.get(name);
  ctx.out.result(cluster, () => formatCluster(cluster));
}

async function remove(ctx: CommandContext, name: string, yes: boolean): Promise<void> {
  const { client } = await ctx.connect();
  await confirm(ctx, `Delete cluster "${name}" and its nodes?`, {
    yes,
    refusal: `Refusing to delete cluster "${name}"`,
  });
  await client.clusters.delete(name);
  ctx.out.note(`Deleted cluster "${name}".`);
  ctx.out.result({ name, deleted: true }, () => '');
}

async function agentSettings(
  ctx: CommandContext,
  name: string,
  flags: AgentSettingsFlags,
): Promise<void> {
  if (flags.heartbeatSeconds === undefined && flags.logLevel === undefined) {
    throw new CliError(
      'Nothing to change: add --heartbeat-seconds N or --log-level LEVEL',
      exitCodes.usage,
      'nothing_to_change',
    );
  }
  const { client } = await ctx.connect();
  const cluster = await client.clusters.setAgentSettings(name, {
    heartbeatSeconds: flags.heartbeatSeconds,
    logLevel: flags.logLevel,
  });
  ctx.out.note(`Updated the agent settings of cluster "${name}".`);
  ctx.out.result(cluster, () => formatCluster(cluster));
}
