import type { AgentCliDeps, StatusFlags } from '../cli.js';
import { exitCodes } from '../exit-codes.js';
import { StateStore } from '../state/state-store.js';
import { formatStatusReport, readStatusReport } from '../status/status-report.js';

/** `berth-agent status`: reads the state directory (never changes it) and prints it. */
export async function runStatus(flags: StatusFlags, deps: AgentCliDeps): Promise<number> {
  const store = await StateStore.open(flags.stateDir, {
    create: false,
    onProblem: (file, problem) => deps.stderr(`warning: ${file}: ${problem}\n`),
  });
  const report = await readStatusReport(store);
  deps.stdout(
    flags.output === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatStatusReport(report, new Date()),
  );
  return exitCodes.ok;
}
