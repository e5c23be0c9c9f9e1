import { collectPages } from '@berth/client';
import { type VersionKind, versionKinds } from '@berth/spec';
import { type Command, Option } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { addPageOptions, type PageFlags, printPage } from '../paging.js';
import { formatTable } from '../table.js';
import { formatDiff } from '../views/format-diff.js';
import { formatVersion } from '../views/format-version.js';
import { versionColumns } from '../views/version-columns.js';

const createExamples = `
Examples:
  berth versions create shop 1.0.0 --kind initial
  berth versions create shop 2.0.0 --kind upgrade --from 1.0.0   # copies 1.0.0, anything may change
  berth versions create shop 1.0.1 --kind patch --from 1.0.0     # copies 1.0.0, only image tags may change

A new version is a draft: "berth apply -f app.yaml" fills its spec, "berth versions
publish" freezes it.`;

const getExamples = `
Examples:
  berth versions get shop 1.0.0            # details and nodes
  berth versions get shop 1.0.0 -o yaml    # the whole version, spec included
  berth versions get shop 1.0.0 -o json | jq .spec`;

const diffExamples = `
Examples:
  berth versions diff shop 1.0.0 1.1.0
  berth versions diff shop 1.0.0 1.1.0 -o json   # {items: [{path, kind, from, to, summary}]}

Marks: + added, - removed, ~ changed.`;

/** `berth versions create|list|get|publish|diff|delete`: the versions of an app. */
export function registerVersions(program: Command, deps: CliDeps): void {
  const group = program
    .command('versions')
    .summary('create, list, show, compare, publish and delete app versions')
    .description(
      'Versions of an app: drafts carry an editable spec; a published version never changes.',
    );

  group
    .command('create')
    .argument('<app>', 'the app')
    .argument('<version>', 'a semantic version, e.g. 1.4.0')
    .addOption(
      new Option('--kind <kind>', 'initial, upgrade or patch')
        .choices(versionKinds)
        .makeOptionMandatory(),
    )
    .option('--from <version>', 'the version to copy (upgrade and patch)')
    .description('Create a draft version')
    .addHelpText('after', createExamples)
    .action((app: string, version: string, options: CreateOptions, command: Command) =>
      create(createCommandContext(command, deps), app, version, options),
    );

  addPageOptions(group.command('list').argument('<app>', 'the app'))
    .description('List the versions of an app, newest first')
    .addHelpText(
      'after',
      '\nExamples:\n  berth versions list shop\n  berth versions list shop -o json',
    )
    .action((app: string, options: PageFlags, command: Command) =>
      list(createCommandContext(command, deps), app, options),
    );

  versionCommand(group, 'get', 'Show a version and its nodes; -o yaml|json prints its spec too')
    .addHelpText('after', getExamples)
    .action((app: string, version: string, _o: unknown, command: Command) =>
      get(createCommandContext(command, deps), app, version),
    );

  versionCommand(group, 'publish', 'Publish a draft: it can never change again')
    .addHelpText('after', '\nExample:\n  berth versions publish shop 1.0.0')
    .action((app: string, version: string, _o: unknown, command: Command) =>
      publish(createCommandContext(command, deps), app, version),
    );

  group
    .command('diff')
    .argument('<app>', 'the app')
    .argument('<from>', 'the older version')
    .argument('<to>', 'the newer version')
    .description('List what changed from one version to another')
    .addHelpText('after', diffExamples)
    .action((app: string, from: string, to: string, _o: unknown, command: Command) =>
      diff(createCommandContext(command, deps), app, from, to),
    );

  versionCommand(group, 'delete', 'Delete a draft (a published version cannot be deleted)')
    .addHelpText('after', '\nExample:\n  berth versions delete shop 1.1.0')
    .action((app: string, version: string, _o: unknown, command: Command) =>
      remove(createCommandContext(command, deps), app, version),
    );
}

interface CreateOptions {
  kind: VersionKind;
  from?: string;
}

function versionCommand(group: Command, name: string, description: string): Command {
  return group
    .command(name)
    .argument('<app>', 'the app')
    .argument('<version>', 'the version')
    .description(description);
}

async function create(
  ctx: CommandContext,
  app: string,
  version: string,
  options: CreateOptions,
): Promise<void> {
  const { client } = await ctx.connect();
  const created = await client.versions.create(app, {
    version,
    kind: options.kind,
    from: options.from,
  });
  const from = created.from ? ` of ${created.from}` : '';
  ctx.out.note(`Created draft ${created.version} of app "${app}" (${created.kind}${from}).`);
  ctx.out.result(created, () => formatTable(versionColumns, [created]));
}

async function list(ctx: CommandContext, app: string, options: PageFlags): Promise<void> {
  const { client } = await ctx.connect();
  const page = await collectPages((p) => client.versions.list(app, p), {
    cursor: options.cursor,
    maxItems: options.limit,
  });
  printPage(ctx, page, versionColumns, 'versions');
}

async function get(ctx: CommandContext, app: string, version: string): Promise<void> {
  const { client } = await ctx.connect();
  const { version: found, etag } = await client.versions.get(app, version);
  ctx.out.result({ ...found, etag }, () => formatVersion(found, etag));
}

async function publish(ctx: CommandContext, app: string, version: string): Promise<void> {
  const { client } = await ctx.connect();
  const published = await client.versions.publish(app, version);
  ctx.out.note(`Published ${published.version} of app "${app}": it can no longer change.`);
  ctx.out.result(published, () => formatTable(versionColumns, [published]));
}

async function diff(ctx: CommandContext, app: string, from: string, to: string): Promise<void> {
  const { client } = await ctx.connect();
  const changes = await client.versions.diff(app, from, to);
  if (changes.items.length === 0) ctx.out.note(`No changes from ${from} to ${to}.`);
  ctx.out.result(changes, () => formatDiff(changes.items));
}

async function remove(ctx: CommandContext, app: string, version: string): Promise<void> {
  const { client } = await ctx.connect();
  await client.versions.delete(app, version);
  ctx.out.note(`Deleted draft ${version} of app "${app}".`);
  ctx.out.result({ app, version, deleted: true }, () => '');
}
