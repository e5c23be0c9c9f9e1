import { collectPages } from '@berth/client';
import { type App, deployments, distributions, osTypes } from '@berth/spec';
import { type Command, Option } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { confirm } from '../confirm.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { formatTable } from '../table.js';
import { appColumns } from '../views/app-columns.js';

interface CreateOptions {
  distribution: App['distribution'];
  deployment: App['deployment'];
  displayName?: string;
  os?: App['os'];
}

const accountNote = `
Apps belong to the account: --account NAME, else the context's account.`;

const createExamples = `
Examples:
  berth apps create shop --distribution instance --deployment edge-hosted --display-name Shop
  berth apps create portal --distribution account --deployment cloud-hosted --os windows

Allowed pairs: instance × cloud-hosted|edge-hosted; account × cloud-external|cloud-hosted|
manual-cluster; once × cloud-external|edge-external. "berth apply -f app.yaml" creates the
app from the file's metadata when it does not exist.${accountNote}`;

/** `berth apps create|list|get|delete`: app templates of the account. */
export function registerApps(program: Command, deps: CliDeps): void {
  const group = program
    .command('apps')
    .summary('create, list, show and delete apps')
    .description(
      `Apps (app templates): a name, a distribution and a deployment type; their versions carry the spec.${accountNote}`,
    );

  group
    .command('create')
    .argument('<name>', 'a DNS label: lower-case letters, digits and hyphens')
    .description('Create an app')
    .addOption(
      new Option('--distribution <type>', 'how it is delivered')
        .choices(distributions)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--deployment <type>', 'where it runs').choices(deployments).makeOptionMandatory(),
    )
    .option('--display-name <text>', 'a human-readable name')
    .addOption(new Option('--os <os>', 'the OS of its nodes (default: linux)').choices(osTypes))
    .addHelpText('after', createExamples)
    .action((name: string, options: CreateOptions, command: Command) =>
      create(createCommandContext(command, deps), name, options),
    );

  addPageOptions(group.command('list'))
    .description('List the apps of the account')
    .addHelpText(
      'after',
      `\nExamples:\n  berth apps list\n  berth apps list -o json\n${accountNote}`,
    )
    .action((options: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), options),
    );

  group
    .command('get')
    .argument('<name>', 'the app')
    .description('Show one app')
    .addHelpText('after', `\nExample:\n  berth apps get shop -o yaml\n${accountNote}`)
    .action((name: string, _o: unknown, command: Command) =>
      get(createCommandContext(command, deps), name),
    );

  group
    .command('delete')
    .argument('<name>', 'the app')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .description('Delete an app and its drafts; refused once a version was published')
    .addHelpText(
      'after',
      `\nExamples:\n  berth apps delete shop\n  berth apps delete shop --yes   # in scripts and CI\n${accountNote}`,
    )
    .action((name: string, options: { yes?: boolean }, command: Command) =>
      remove(createCommandContext(command, deps), name, options.yes === true),
    );
}

async function create(ctx: CommandContext, name: string, options: CreateOptions): Promise<void> {
  const { client } = await ctx.connect();
  const app = await client.apps.create({
    name,
    displayName: options.displayName,
    distribution: options.distribution,
    deployment: options.deployment,
    os: options.os,
  });
  ctx.out.note(`Created app "${app.name}".`);
  ctx.out.result(app, () => formatTable(appColumns, [app]));
}

async function list(ctx: CommandContext, options: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.apps.list(p), {
    cursor: options.cursor,
    maxItems: options.limit,
  });
  printPage(ctx, page, appColumns, 'apps');
}

async function get(ctx: CommandContext, name: string): Promise<void> {
  const { client } = await ctx.connect();
  const app = await client.apps.get(name);
  ctx.out.result(app, () => formatTable(appColumns, [app]));
}

async function remove(ctx: CommandContext, name: string, yes: boolean): Promise<void> {
  const { client } = await ctx.connect();
  await confirm(ctx, `Delete app "${name}" and its drafts?`, {
    yes,
    refusal: `Refusing to delete app "${name}"`,
  });
  await client.apps.delete(name);
  ctx.out.note(`Deleted app "${name}".`);
  ctx.out.result({ name, deleted: true }, () => '');
}
