import type { InstancesApi } from '@berth/client';
import type { Instance, InstanceEvent } from '@berth/spec';
import { isNotFound, isTransient } from '../api-errors.js';
import { CliError } from '../cli-error.js';
import { formatDuration } from '../duration.js';
import { exitCodes } from '../exit-codes.js';
import { printable } from '../table.js';
import { formatEventLine } from '../views/event-columns.js';
import { createEventFeed } from './event-feed.js';
import type { ProgressPrinter } from './progress-printer.js';
import { createProgressTracker, statusLine } from './progress-tracker.js';

/** Where `--wait` waits to get: running (at `version`, when given), stopped, or gone. */
export type WaitGoal =
  | { phase: 'running'; version?: string | undefined }
  | { phase: 'stopped' }
  | { phase: 'deleted' };

export interface WaitDeps {
  instances: Pick<InstancesApi, 'get' | 'events'>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  progress: ProgressPrinter;
}

export interface WaitOptions {
  /** The instance as the action answered it (202): progress starts from it. */
  started: Instance;
  timeoutMs: number;
  /** Between polls; 1 s by default. */
  intervalMs?: number | undefined;
}

type Verdict = { done: true } | { done: false; failure?: string };

/**
 * Polls an instance (and its events) every second until it reaches `goal`, printing on
 * `progress` a line per change of phase, version or node state and each new event.
 * Connection failures, 5xx and 429 are retried until the timeout.
 * @returns the instance in its goal state; undefined once it is gone (`deleted`).
 * @throws CliError deployment failed (10) when the instance fails, is rolled back, or is
 *   deleted while waiting for it to run; timed out (11) past `timeoutMs`; any other
 *   `BerthApiError` as it is (404 before a deletion was asked: exit 5).
 */
export async function waitForInstance(
  deps: WaitDeps,
  goal: WaitGoal,
  options: WaitOptions,
): Promise<Instance | undefined> {
  const { started } = options;
  const begin = deps.now();
  const tracker = createProgressTracker();
  const feed = createEventFeed(started.deployStartedAt);
  const retried = new Set<string>();
  const transient = (error: unknown) => {
    if (!isTransient(error)) return false;
    const message = (error as Error).message;
    if (!retried.has(message)) deps.progress.line(`  (retrying: ${message})`);
    retried.add(message);
    return true;
  };
  let failedUpgrade: string | undefined;
  for (const line of tracker.update(started)) deps.progress.line(line);
  for (;;) {
    await deps.sleep(options.intervalMs ?? 1000);
    let current: Instance | undefined;
    try {
      current = await deps.instances.get(started.name);
    } catch (error) {
      if (goal.phase === 'deleted' && isNotFound(error)) {
        deps.progress.line(`${printable(started.name)}: deleted`);
        return undefined;
      }
      if (!transient(error)) throw error;
    }
    for (const event of await newEvents(deps, started.name, feed, transient)) {
      deps.progress.line(formatEventLine(event));
      if (event.reason === 'UpgradeFailed') failedUpgrade = event.message;
    }
    if (current) {
      for (const line of tracker.update(current)) deps.progress.line(line);
      const verdict = judge(current, goal, failedUpgrade);
      if (verdict.done) return current;
      if (verdict.failure !== undefined) {
        throw new CliError(
          `deployment failed: ${verdict.failure}`,
          exitCodes.deploymentFailed,
          'deployment_failed',
        );
      }
    }
    const elapsed = deps.now() - begin;
    if (elapsed >= options.timeoutMs) throw timedOut(started.name, goal, current, elapsed);
    if (current) deps.progress.status(statusLine(current, elapsed));
  }
}

async function newEvents(
  deps: WaitDeps,
  name: string,
  feed: ReturnType<typeof createEventFeed>,
  transient: (error: unknown) => boolean,
): Promise<InstanceEvent[]> {
  try {
    return feed.fresh((await deps.instances.events(name, { limit: 100 })).items);
  } catch (error) {
    if (isNotFound(error) || transient(error)) return [];
    throw error;
  }
}

/** Whether `instance` is where `goal` wants it, has failed on the way, or is still going. */
function judge(instance: Instance, goal: WaitGoal, failedUpgrade: string | undefined): Verdict {
  const { phase, reason } = instance.status;
  if (goal.phase === 'deleted') return { done: false };
  if (phase === 'deleting') return { done: false, failure: 'the instance is being deleted' };
  if (phase === 'failed') {
    const rollsBack =
      goal.phase === 'running' && goal.version && instance.previousVersion
        ? `; the server rolls it back to ${instance.previousVersion}`
        : '';
    return { done: false, failure: `${reason ?? 'no reason given'}${rollsBack}` };
  }
  if (goal.phase === 'running' && goal.version && instance.version !== goal.version) {
    const why = failedUpgrade ? `${failedUpgrade}; ` : `${goal.version} failed; `;
    return { done: false, failure: `${why}rolled back to ${instance.version}` };
  }
  return { done: phase === goal.phase };
}

function timedOut(
  name: string,
  goal: WaitGoal,
  current: Instance | undefined,
  elapsedMs: number,
): CliError {
  const target = goal.phase === 'deleted' ? 'gone' : goal.phase;
  const now = current
    ? ` (it is ${current.status.phase}${current.status.reason ? `: ${current.status.reason}` : ''})`
    : '';
  return new CliError(
    `Timed out after ${formatDuration(elapsedMs)} waiting for instance "${name}" to be ${target}${now}; it goes on without you: "berth instances get ${name}"`,
    exitCodes.timedOut,
    'wait_timeout',
  );
}
