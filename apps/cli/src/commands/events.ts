import type { InstanceEvent } from '@berth/spec';
import type { Command } from 'commander';
import { isNotFound, isTransient } from '../api-errors.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { positiveInteger } from '../paging.js';
import { formatTable } from '../table.js';
import { eventColumns, formatEventHeader, formatEventRow } from '../views/event-columns.js';
import { createEventFeed } from '../wait/event-feed.js';

interface EventsFlags {
  follow?: boolean;
  limit?: number;
}

/** How often `--follow` asks for new events. */
const followIntervalMs = 2000;

const examples = `
Examples:
  berth events shop-north
  berth events shop-north --limit 20 -o json
  berth events shop-north --follow          # Ctrl+C ends it

Events come from the control plane (created, upgrading, rolled back, failed…) and from
the host's agent (pulling, started, healthy, restarted…), oldest first. With --follow
new events are printed as they come (polling every 2 s): -o json prints one event per
line (JSON Lines), -o yaml one document each. Following ends with exit 0 on Ctrl+C or
once the instance is deleted.`;

/** `berth events NAME`: what happened to an instance. */
export function registerEvents(program: Command, deps: CliDeps): void {
  program
    .command('events')
    .argument('<name>', 'the instance')
    .summary("list (or follow) an instance's events")
    .description('List what happened to an instance, oldest first')
    .option('-f, --follow', 'keep printing new events until Ctrl+C')
    .option('--limit <n>', 'the newest n events (default 200, at most 1000)', positiveInteger)
    .addHelpText('after', examples)
    .action((name: string, flags: EventsFlags, command: Command) =>
      events(createCommandContext(command, deps), name, flags),
    );
}

async function events(ctx: CommandContext, name: string, flags: EventsFlags): Promise<void> {
  const { client } = await ctx.connect();
  const read = () => client.instances.events(name, { limit: flags.limit });
  const first = await read();
  if (!flags.follow) {
    if (first.items.length === 0) ctx.out.note(`No events for instance "${name}".`);
    ctx.out.result(first, () =>
      first.items.length === 0 ? '' : formatTable(eventColumns, first.items),
    );
    return;
  }
  await follow(ctx, name, first.items, read);
}

async function follow(
  ctx: CommandContext,
  name: string,
  items: InstanceEvent[],
  read: () => Promise<{ items: InstanceEvent[] }>,
): Promise<void> {
  let interrupted = false;
  let wake = () => {};
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const unregister = ctx.deps.onInterrupt(() => {
    interrupted = true;
    wake();
  });
  const feed = createEventFeed();
  const print = (event: InstanceEvent) => ctx.out.item(event, () => formatEventRow(event));
  try {
    if (ctx.out.format === 'table') ctx.deps.stdout(formatEventHeader());
    feed.fresh(items).forEach(print);
    const retried = new Set<string>();
    while (!interrupted) {
      await Promise.race([ctx.deps.sleep(followIntervalMs), stopped]);
      if (interrupted) break;
      try {
        feed.fresh((await read()).items).forEach(print);
      } catch (error) {
        if (isNotFound(error)) {
          ctx.out.note(`Instance "${name}" no longer exists.`);
          return;
        }
        if (!isTransient(error)) throw error;
        const message = (error as Error).message;
        if (!retried.has(message)) ctx.out.note(`(retrying: ${message})`);
        retried.add(message);
      }
    }
  } finally {
    unregister();
  }
}
