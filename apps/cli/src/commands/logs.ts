import { type Command, InvalidArgumentError } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';

interface LogsFlags {
  node?: string;
  file?: boolean;
  tail?: number;
  follow?: boolean;
}

const examples = `
Examples:
  berth logs shop-north --node web              # the last 200 lines of web's output
  berth logs shop-north --node web --tail 50 -f # then keep streaming; Ctrl+C ends it
  berth logs shop-north --node web --file       # the files under the node's logPath

--node may be left out when the instance has one node. The host's agent reads the logs
and the server relays them, so the host must be online (exit 6 otherwise). The text is
written to stdout as it arrives, unchanged; -o does not apply. Ctrl+C ends with exit 0.`;

/** Commander parser of `--tail`: a whole number, zero included. */
function lineCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('must be a whole number (0 for new lines only)');
  }
  return n;
}

/** `berth logs NAME`: streams a node's logs from the instance's host. */
export function registerLogs(program: Command, deps: CliDeps): void {
  program
    .command('logs')
    .argument('<name>', 'the instance')
    .summary("print (or follow) the logs of an instance's node")
    .description("Print the logs of one of an instance's nodes, as its host reads them")
    .option('--node <node>', "the app's node, e.g. web")
    .option('--file', "read the node's log files (its logPath) instead of its output")
    .option('--tail <n>', 'start with the last n lines (default 200)', lineCount)
    .option('-f, --follow', 'keep streaming new lines until Ctrl+C')
    .addHelpText('after', examples)
    .action((name: string, flags: LogsFlags, command: Command) =>
      logs(createCommandContext(command, deps), name, flags),
    );
}

async function logs(ctx: CommandContext, name: string, flags: LogsFlags): Promise<void> {
  const { client } = await ctx.connect();
  const abort = new AbortController();
  const unregister = ctx.deps.onInterrupt(() => abort.abort());
  try {
    const stream = client.instances.logs(name, {
      node: flags.node,
      source: flags.file ? 'file' : 'stdout',
      follow: flags.follow === true,
      tail: flags.tail,
      signal: abort.signal,
    });
    for await (const text of stream) ctx.deps.stdout(text);
  } finally {
    unregister();
  }
}
