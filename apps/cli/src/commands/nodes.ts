import { collectPages } from '@berth/client';
import type { CreatedNode } from '@berth/spec';
import type { Command } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { confirm } from '../confirm.js';
import { formatTime } from '../format-time.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { formatTable } from '../table.js';
import { formatNode } from '../views/format-node.js';
import { nodeColumns } from '../views/node-columns.js';

const createExamples = `
Examples:
  berth nodes create north gate-01
  berth nodes create north gate-02 --ip-segment 192.168.10.0/24

  # keep the join command: in table format stdout holds only the command
  JOIN=$(berth nodes create north gate-03)
  ssh gate-03 "$JOIN"

  berth nodes create north gate-04 -o json   # the node, join {command, token, expiresAt}, warnings

The join command is shown once: it carries a single-use token (see "berth nodes
join-token" for a new one). Run it on the host: it joins the node, then keeps the agent
running.`;

/** `berth nodes create|list|get|revoke|join-token|delete`: the hosts of a cluster. */
export function registerNodes(program: Command, deps: CliDeps): void {
  const group = program
    .command('nodes')
    .summary('create (join), list, show, revoke and delete the nodes of a cluster')
    .description('Nodes: the hosts of a cluster, each running an agent that joined with a token.');

  group
    .command('create')
    .argument('<cluster>', 'the cluster')
    .argument('<name>', '4–30 digits, lower-case letters and hyphens')
    .option('--ip-segment <cidr>', "the host's LAN, e.g. 192.168.10.0/24")
    .description('Create a node and print the command that joins its host')
    .addHelpText('after', createExamples)
    .action((cluster: string, name: string, flags: { ipSegment?: string }, command: Command) =>
      create(createCommandContext(command, deps), cluster, name, flags.ipSegment),
    );

  addPageOptions(group.command('list').argument('<cluster>', 'the cluster'))
    .description('List the nodes of a cluster with their status and facts')
    .addHelpText('after', '\nExamples:\n  berth nodes list north\n  berth nodes list north -o json')
    .action((cluster: string, flags: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), cluster, flags),
    );

  nodeCommand(group, 'get', 'Show a node: status, last seen, and the facts its agent reported')
    .addHelpText(
      'after',
      '\nExamples:\n  berth nodes get north gate-01\n  berth nodes get north gate-01 -o json | jq .facts',
    )
    .action((cluster: string, name: string, _o: unknown, command: Command) =>
      get(createCommandContext(command, deps), cluster, name),
    );

  nodeCommand(group, 'revoke', 'Revoke a node: its session ends and its agent is refused')
    .addHelpText(
      'after',
      '\nExample:\n  berth nodes revoke north gate-01\n\nThere is no undo: a revoked host joins again only as a new node.',
    )
    .action((cluster: string, name: string, _o: unknown, command: Command) =>
      revoke(createCommandContext(command, deps), cluster, name),
    );

  nodeCommand(group, 'join-token', 'Print a new join command for a node that has not joined')
    .addHelpText(
      'after',
      '\nExample:\n  berth nodes join-token north gate-01   # the earlier token stops working',
    )
    .action((cluster: string, name: string, _o: unknown, command: Command) =>
      joinToken(createCommandContext(command, deps), cluster, name),
    );

  nodeCommand(group, 'delete', 'Delete a node (revoking it first)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .addHelpText(
      'after',
      '\nExamples:\n  berth nodes delete north gate-01\n  berth nodes delete north gate-01 --yes   # in scripts and CI',
    )
    .action((cluster: string, name: string, flags: { yes?: boolean }, command: Command) =>
      remove(createCommandContext(command, deps), cluster, name, flags.yes === true),
    );
}

function nodeCommand(group: Command, name: string, description: string): Command {
  return group
    .command(name)
    .argument('<cluster>', 'the cluster')
    .argument('<name>', 'the node')
    .description(description);
}

async function create(
  ctx: CommandContext,
  cluster: string,
  name: string,
  ipSegment: string | undefined,
): Promise<void> {
  const { client } = await ctx.connect();
  const node = await client.nodes.create(cluster, { name, ipSegment });
  ctx.out.note(`Created node "${node.name}" in cluster "${node.cluster}".`);
  printJoin(ctx, node);
}

/** The join command: alone on stdout in table format, with what to do with it on stderr. */
function printJoin(ctx: CommandContext, node: CreatedNode): void {
  for (const warning of node.warnings) ctx.out.note(`warning: ${warning}`);
  ctx.out.note(
    `Run this command on the host to join it (the token works once, until ${formatTime(node.join.expiresAt)}):`,
  );
  ctx.out.result(node, () => `${node.join.command}\n`);
}

async function list(ctx: CommandContext, cluster: string, flags: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.nodes.list(cluster, p), {
    cursor: flags.cursor,
    maxItems: flags.limit,
  });
  printPage(ctx, page, nodeColumns(ctx.deps.now()), 'nodes');
}

async function get(ctx: CommandContext, cluster: string, name: string): Promise<void> {
  const { client } = await ctx.connect();
  const node = await client.nodes.get(cluster, name);
  ctx.out.result(node, () => formatNode(node, ctx.deps.now()));
}

async function revoke(ctx: CommandContext, cluster: string, name: string): Promise<void> {
  const { client } = await ctx.connect();
  const node = await client.nodes.revoke(cluster, name);
  ctx.out.note(`Revoked node "${name}" of cluster "${cluster}": its agent is refused from now on.`);
  ctx.out.result(node, () => formatTable(nodeColumns(ctx.deps.now()), [node]));
}

async function joinToken(ctx: CommandContext, cluster: string, name: string): Promise<void> {
  const { client } = await ctx.connect();
  const node = await client.nodes.reissueJoinToken(cluster, name);
  ctx.out.note(`New join token for node "${name}": the earlier one no longer works.`);
  printJoin(ctx, node);
}

async function remove(
  ctx: CommandContext,
  cluster: string,
  name: string,
  yes: boolean,
): Promise<void> {
  const { client } = await ctx.connect();
  await confirm(ctx, `Delete node "${name}" of cluster "${cluster}"?`, {
    yes,
    refusal: `Refusing to delete node "${name}"`,
  });
  await client.nodes.delete(cluster, name);
  ctx.out.note(`Deleted node "${name}" of cluster "${cluster}".`);
  ctx.out.result({ cluster, name, deleted: true }, () => '');
}
