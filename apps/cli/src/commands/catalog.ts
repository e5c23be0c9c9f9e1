import type { Command } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { formatTable } from '../table.js';
import { catalogColumns } from '../views/catalog-columns.js';

const examples = `
Examples:
  berth catalog list
  berth catalog list -o json | jq '.items[] | select(.name == "mysql").params'

A middleware node names an entry as its template and one of its tags as its version:
  - { name: db, kind: middleware, template: mysql, version: "8.4" }`;

/** `berth catalog list`: the middleware a spec's middleware nodes may use. */
export function registerCatalog(program: Command, deps: CliDeps): void {
  const group = program
    .command('catalog')
    .summary('list the middleware catalog')
    .description('The catalog of standard middleware images that middleware nodes use unmodified.');

  group
    .command('list')
    .description('List the middleware catalog: name, image, tags and ports')
    .addHelpText('after', examples)
    .action((_o: unknown, command: Command) => list(createCommandContext(command, deps)));
}

async function list(ctx: CommandContext): Promise<void> {
  const { client } = await ctx.connect();
  const catalog = await client.catalog.middleware();
  if (catalog.items.length === 0) ctx.out.note('The catalog is empty.');
  ctx.out.result(catalog, () =>
    catalog.items.length === 0 ? '' : formatTable(catalogColumns, catalog.items),
  );
}
