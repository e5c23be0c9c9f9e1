import type { BerthClient } from '@berth/client';
import type { Instance } from '@berth/spec';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { parseDuration } from '../duration.js';
import { formatTable } from '../table.js';
import { instanceColumns } from '../views/instance-columns.js';
import { createProgressPrinter } from './progress-printer.js';
import { type WaitGoal, waitForInstance } from './wait-for-instance.js';

/** `--wait` and `--timeout`, as commander parses them. */
export interface WaitFlags {
  wait?: boolean;
  /** Milliseconds. */
  timeout: number;
}

/** Adds `--wait` and `--timeout DURATION` (default 10m) to an instance action. */
export function addWaitOptions(command: Command, goal: string): Command {
  return command
    .option('--wait', `wait until the instance is ${goal}, showing progress on stderr`)
    .addOption(
      new Option('--timeout <duration>', 'how long --wait waits, e.g. 90s, 10m, 1h')
        .argParser(parseDuration)
        .default(600_000, '10m'),
    );
}

export const waitHelp = `
With --wait the command polls the instance every second and prints on stderr each change
of phase and node state, and each new event, until it is there: exit 0, and the instance
on stdout. Exit 10 when the deployment fails (the reason follows "deployment failed:"),
11 when --timeout passes first (the work goes on without you).`;

/**
 * Ends an instance action the server accepted (202): without `--wait`, prints the
 * instance as answered, with `accepted` on stderr; with it, waits for `goal` (see
 * `waitForInstance`) and prints where it got to.
 * @throws CliError 10 (failed) or 11 (timed out) with `--wait`.
 */
export async function finishAction(
  ctx: CommandContext,
  client: BerthClient,
  started: Instance,
  goal: WaitGoal,
  flags: WaitFlags,
  accepted: string,
): Promise<void> {
  ctx.out.note(accepted);
  if (!flags.wait) {
    ctx.out.result(started, () => formatTable(instanceColumns, [started]));
    return;
  }
  const progress = createProgressPrinter(ctx.deps.stderr, ctx.deps.stderrIsTerminal);
  let reached: Instance | undefined;
  try {
    reached = await waitForInstance(
      { instances: client.instances, now: ctx.deps.now, sleep: ctx.deps.sleep, progress },
      goal,
      { started, timeoutMs: flags.timeout },
    );
  } finally {
    progress.done();
  }
  if (!reached) {
    ctx.out.result({ name: started.name, deleted: true }, () => '');
    return;
  }
  ctx.out.result(reached, () => formatTable(instanceColumns, [reached]));
}
