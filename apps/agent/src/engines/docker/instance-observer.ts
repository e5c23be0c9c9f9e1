import type { WorkloadNode } from '@berth/spec';
import { describeExit, lastLine, readMemoryFailcnt, restartDelay } from './container-exit.js';
import type { ContainerSummary } from './engine-api.js';
import { HealthMonitor, type HealthState, probe } from './health-check.js';
import { readIdentity } from './naming.js';
import { replicaKey, type SeenContainer } from './plan-types.js';
import type { InstanceMemory, SupervisorDeps, Target, Tracked } from './supervisor-memory.js';

export interface ObserveInput {
  /** The workload id. */
  id: string;
  listed: ContainerSummary[];
  target: Target;
  memory: InstanceMemory;
  deps: SupervisorDeps;
  /** An event, once per distinct message for `key`. */
  report(key: string, node: string, reason: string, message: string): void;
  event(node: string, reason: string, message: string): void;
  /** A health check flipped: tick now. */
  healthChanged(): void;
}

/**
 * Turns the engine's listing of an instance's containers into what the planner reads,
 * and notices what happened since the last tick: a container that exited is inspected
 * once (exit code, OOM) and reported — a crash starts the restart backoff, an init's
 * exit completes or fails it —; a running one gets its health monitor and has its
 * memory cgroup sampled. Containers that are gone are forgotten.
 */
export async function observeContainers(input: ObserveInput): Promise<SeenContainer[]> {
  const { listed, target, memory } = input;
  const seen: SeenContainer[] = [];
  const present = new Set<string>();
  for (const summary of listed) {
    const identity = readIdentity(summary.Labels);
    if (!identity) continue;
    present.add(summary.Id);
    const state = summary.State.toLowerCase();
    let tracked = memory.tracked.get(summary.Id);
    if (!tracked) {
      tracked = {
        node: identity.node,
        replica: identity.replica,
        name: (summary.Names[0] ?? summary.Id).replace(/^\//, ''),
        facts: {},
        lastState: '',
        hitMemoryLimit: false,
      };
      memory.tracked.set(summary.Id, tracked);
    }
    const networks = summary.NetworkSettings?.Networks ?? {};
    const ip = networks[target.network]?.IPAddress || Object.values(networks)[0]?.IPAddress;
    if (ip) tracked.ip = ip;
    const node = target.spec.nodes.find((n) => n.name === identity.node);
    const current = node !== undefined && node.hash === identity.hash;
    if (state === 'running') {
      await running(input, summary.Id, tracked, current ? node : undefined);
    } else {
      stopMonitor(tracked);
      if (['exited', 'stopped', 'dead'].includes(state) && tracked.facts.exitCode === undefined) {
        await exited(input, summary.Id, tracked, identity.revision, current ? node : undefined);
      }
    }
    tracked.lastState = state;
    seen.push({ id: summary.Id, ...identity, state });
  }
  for (const [id, tracked] of memory.tracked) {
    if (present.has(id)) continue;
    stopMonitor(tracked);
    memory.tracked.delete(id);
  }
  return seen;
}

async function running(
  input: ObserveInput,
  id: string,
  tracked: Tracked,
  node: WorkloadNode | undefined,
): Promise<void> {
  const { deps, memory } = input;
  const now = deps.now();
  if (tracked.lastState !== 'running' || tracked.facts.runningSince === undefined) {
    stopMonitor(tracked);
    tracked.facts = { runningSince: now };
  }
  if (!node) return;
  if (node.resources.memoryMi && !tracked.hitMemoryLimit) {
    tracked.hitMemoryLimit = ((await readMemoryFailcnt(id)) ?? 0) > 0;
  }
  if (node.health && node.kind !== 'init' && !tracked.monitor) {
    tracked.monitor = startMonitor(input, id, tracked, node);
  }
  if (tracked.monitor) {
    tracked.facts.healthy = tracked.monitor.state.healthy;
    tracked.facts.unhealthy = tracked.monitor.state.unhealthy;
  }
  // Long enough healthy: forget the failures in a row (the backoff starts over).
  const entry = memory.restarts.get(replicaKey(tracked.node, tracked.replica));
  const healthy = node.health ? tracked.facts.healthy : true;
  const since = tracked.facts.runningSince ?? now;
  if (entry && entry.failures > 0 && healthy && now - since >= deps.timings.restart.resetAfterMs) {
    entry.failures = 0;
  }
}

function startMonitor(
  input: ObserveInput,
  id: string,
  tracked: Tracked,
  node: WorkloadNode,
): HealthMonitor {
  const health = node.health!;
  const { deps } = input;
  const target = {
    address: (port: number) => {
      if (node.hostNetwork) return { host: '127.0.0.1', port };
      if (tracked.ip) return { host: tracked.ip, port };
      const published = node.ports.find((p) => p.port === port && p.hostPort);
      return published && tracked.replica === 0
        ? { host: '127.0.0.1', port: published.hostPort! }
        : undefined;
    },
    exec: (argv: string[], timeoutMs: number) => deps.api.exec(id, argv, timeoutMs),
  };
  const onChange = (state: HealthState) => {
    const message = input.target.redact(state.message);
    tracked.facts.healthy = state.healthy;
    tracked.facts.unhealthy = state.unhealthy;
    if (state.healthy) {
      input.event(node.name, 'healthy', `${tracked.name} passed its health check`);
    } else if (state.unhealthy) {
      tracked.facts.exitMessage = message;
      const wait = failure(input, tracked);
      input.event(
        node.name,
        'unhealthy',
        `${tracked.name} failed its health check ${health.failureThreshold} time(s) in a row: ${message}; restarting in ${seconds(wait)} s`,
      );
    }
    input.healthChanged();
  };
  const started = tracked.facts.runningSince ?? deps.now();
  return new HealthMonitor(
    health,
    () => probe(health.check, target, health.timeoutSeconds * 1000),
    onChange,
    started,
    deps.now,
  );
}

async function exited(
  input: ObserveInput,
  id: string,
  tracked: Tracked,
  revision: string,
  node: WorkloadNode | undefined,
): Promise<void> {
  const { deps, target } = input;
  let details: Awaited<ReturnType<typeof deps.api.inspectContainer>>;
  try {
    details = await deps.api.inspectContainer(id);
  } catch {
    return; // gone, or the engine is busy: the next tick looks again
  }
  const code = details.State.ExitCode;
  tracked.facts.exitCode = code;
  if (!node) return; // a stale or removed node: the planner replaces or removes it
  if (node.kind === 'init' && code === 0) {
    // On the path to the next level: no need to read what it printed. Seen again after
    // an agent restart, it was reported already.
    const known = deps.state.get(input.id)?.initDone[node.name] === node.hash;
    await deps.state.initSucceeded(input.id, node.name, node.hash);
    if (!known) {
      input.event(node.name, 'init-succeeded', `init node ${node.name} completed (exit 0)`);
    }
    return;
  }
  const output = target.redact(await deps.api.lastLines(id, 5).catch(() => ''));
  if (node.kind === 'init') {
    const lines = output
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(-5)
      .join(' | ');
    const message = `exited with code ${code}${lines ? `; last output: ${lines.slice(0, 800)}` : ''}`;
    tracked.facts.exitMessage = message;
    if (revision === target.revision && !tracked.facts.stoppedByAgent) {
      input.report(
        `init:${node.name}`,
        node.name,
        'init-failed',
        `init node ${node.name} ${message}`,
      );
    }
    return;
  }
  const { message, oom } = describeExit({
    code,
    oomKilled: details.State.OOMKilled,
    hitMemoryLimit: tracked.hitMemoryLimit,
    ...(node.resources.memoryMi ? { memoryLimitMi: node.resources.memoryMi } : {}),
    ...(lastLine(output) ? { lastLine: lastLine(output)! } : {}),
  });
  tracked.facts.exitMessage = message;
  if (tracked.facts.stoppedByAgent || target.spec.stopped) return;
  const wait = failure(input, tracked);
  input.event(
    node.name,
    oom ? 'oom-killed' : 'unhealthy',
    `${tracked.name} ${message}; restarting in ${seconds(wait)} s`,
  );
}

/** Counts a failure of a replica and returns the backoff before its restart. */
function failure(input: ObserveInput, tracked: Tracked): number {
  const { memory, deps } = input;
  const key = replicaKey(tracked.node, tracked.replica);
  const entry = memory.restarts.get(key) ?? { restarts: 0, nextAt: 0, failures: 0 };
  entry.failures++;
  const wait = restartDelay(entry.failures, deps.timings.restart);
  entry.nextAt = deps.now() + wait;
  memory.restarts.set(key, entry);
  return wait;
}

function stopMonitor(tracked: Tracked): void {
  tracked.monitor?.stop();
  tracked.monitor = undefined;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
