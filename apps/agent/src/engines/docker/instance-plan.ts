import type { WorkloadNode, WorkloadNodePhase } from '@berth/spec';
import {
  type ContainerFacts,
  type ImageState,
  type InstancePlan,
  type NodeReport,
  type PlanAction,
  type PlanInput,
  pullKey,
  removeKey,
  replicaKey,
  type SeenContainer,
} from './plan-types.js';

interface ReplicaView {
  phase: WorkloadNodePhase;
  ready: boolean;
  message?: string;
  action?: PlanAction;
  /** It needs a new container, hence the node's image. */
  wantsImage?: boolean;
}

/** Phases from most to least in need of attention: a node shows its worst replica's. */
const severity: WorkloadNodePhase[] = [
  'failed',
  'unhealthy',
  'pulling',
  'pending',
  'creating',
  'starting',
  'running',
  'stopped',
  'completed',
];

/**
 * Decides, for one instance, what to do next and how each node stands. Pure, so it is
 * table-tested without an engine; the supervisor runs it on every tick with fresh
 * observations and carries out what it returns (nothing for a converged instance).
 *
 * - Containers of nodes no longer in the spec, or of replicas beyond the count, are
 *   removed at once.
 * - `stopped`: running containers are stopped (kept); nothing is created.
 * - Levels in order: a level's nodes are created (or recreated, when their `hash`
 *   changed) only once every node of the previous levels is ready — running and
 *   healthy (or settled), or, for `init`, completed. Nodes of later levels whose hash
 *   did not change are left alone; a stale container keeps running until its level's
 *   turn, so an upgrade replaces one level at a time.
 * - Images are checked and pulled early, for every node, whatever its level.
 * - A crashed or unhealthy container is restarted once its backoff has passed.
 * - An init node runs once per hash: exit 0 completes it for good; another exit fails
 *   it for this revision (its dependents wait), and a new revision runs it again.
 */
export function planInstance(input: PlanInput): InstancePlan {
  const actions: PlanAction[] = [];
  const byName = new Map(input.spec.nodes.map((n) => [n.name, n]));
  for (const c of input.containers) {
    const node = byName.get(c.node);
    const count = node ? Math.min(node.replicas, node.kind === 'init' ? 1 : node.replicas) : 0;
    if (c.replica >= count && !input.busy.has(removeKey(c.id))) {
      const why = node ? `scaled to ${count} replicas` : `node ${c.node} was removed`;
      actions.push({ type: 'remove', node: c.node, replica: c.replica, container: c.id, why });
    }
  }
  const reports = new Map<string, NodeReport>();
  let blocking: string[] = [];
  for (const level of input.spec.levels) {
    const notReady: string[] = [];
    for (const name of level) {
      const node = byName.get(name);
      if (!node) continue;
      const report = planNode(node, input, blocking, actions);
      reports.set(name, report);
      if (!report.ready) notReady.push(name);
    }
    if (notReady.length > 0 && blocking.length === 0) blocking = notReady;
  }
  const nodes = input.spec.nodes.map(
    (n) => reports.get(n.name) ?? { name: n.name, phase: 'pending' as const, ready: false },
  );
  return { actions, nodes };
}

function planNode(
  node: WorkloadNode,
  input: PlanInput,
  blocking: string[],
  actions: PlanAction[],
): NodeReport {
  const count = node.kind === 'init' ? Math.min(node.replicas, 1) : node.replicas;
  if (count === 0) {
    return { name: node.name, phase: 'stopped', ready: true, message: 'scaled to 0 replicas' };
  }
  if (node.kind === 'init' && input.initDone.get(node.name) === node.hash) {
    for (const c of input.containers) {
      if (c.node === node.name && c.hash !== node.hash && !input.busy.has(removeKey(c.id))) {
        actions.push({
          type: 'remove',
          node: node.name,
          replica: c.replica,
          container: c.id,
          why: 'superseded',
        });
      }
    }
    return { name: node.name, phase: 'completed', ready: true };
  }
  const image = input.images.get(node.name) ?? { state: 'unknown' };
  const views: ReplicaView[] = [];
  for (let replica = 0; replica < count; replica++) {
    const container = input.containers.find((c) => c.node === node.name && c.replica === replica);
    const view = input.spec.stopped
      ? planStopped(node, replica, container, input)
      : planReplica(node, replica, container, image, input, blocking);
    if (view.action) actions.push(view.action);
    views.push(view);
  }
  const needsImage = views.some((v) => v.wantsImage);
  if (needsImage && image.state !== 'pulling' && !input.busy.has(pullKey(node.name))) {
    const due =
      image.state === 'unknown' ||
      (image.state === 'failed' && !image.terminal && input.now >= image.retryAt);
    if (due) actions.push({ type: 'pull', node: node.name });
  }
  return summarise(node.name, views);
}

function planStopped(
  node: WorkloadNode,
  replica: number,
  container: SeenContainer | undefined,
  input: PlanInput,
): ReplicaView {
  const busy = input.busy.get(replicaKey(node.name, replica));
  if (container?.state === 'running' || container?.state === 'paused') {
    if (busy) return { phase: 'running', ready: false, message: 'stopping' };
    return {
      phase: 'running',
      ready: false,
      message: 'stopping',
      action: { type: 'stop', node: node.name, replica, container: container.id },
    };
  }
  return { phase: 'stopped', ready: false };
}

function planReplica(
  node: WorkloadNode,
  replica: number,
  container: SeenContainer | undefined,
  image: ImageState,
  input: PlanInput,
  blocking: string[],
): ReplicaView {
  const key = replicaKey(node.name, replica);
  const busy = input.busy.get(key);
  if (busy === 'creating' || busy === 'removing') return { phase: 'creating', ready: false };
  if (busy === 'starting') return { phase: 'starting', ready: false };
  if (busy) return { phase: 'starting', ready: false, message: busy };
  const hold = input.holds.get(key);
  if (hold && input.now < hold.until) {
    const wait = `; retrying in ${seconds(hold.until - input.now)} s`;
    return { phase: 'failed', ready: false, message: `${hold.message}${wait}` };
  }
  const gate = blocking.length > 0 ? `waiting for ${blocking.join(', ')}` : undefined;
  const current = container && container.hash === node.hash && container.state !== 'dead';
  const facts = (container && input.facts.get(container.id)) ?? {};
  // An init that failed (or was stopped) under another revision runs again in this one.
  const rerun =
    current &&
    node.kind === 'init' &&
    exited(container.state) &&
    facts.exitCode !== undefined &&
    facts.exitCode !== 0 &&
    (container.revision !== input.revision || facts.stoppedByAgent === true);
  if (!current || rerun) return planCreate(node, replica, container, image, input, gate);
  if (node.kind === 'init') return planInit(node, replica, container, facts, gate);
  return planService(node, replica, container, facts, input, gate);
}

/** A replica that needs a new container: once the image is there and the gate is open. */
function planCreate(
  node: WorkloadNode,
  replica: number,
  container: SeenContainer | undefined,
  image: ImageState,
  input: PlanInput,
  gate: string | undefined,
): ReplicaView {
  if (image.state === 'failed') {
    const retry = image.terminal ? '' : `; retrying in ${seconds(image.retryAt - input.now)} s`;
    return { phase: 'failed', ready: false, message: `${image.message}${retry}`, wantsImage: true };
  }
  if (image.state !== 'present') {
    return { phase: 'pulling', ready: false, wantsImage: true, ...(gate ? { message: gate } : {}) };
  }
  if (gate) return { phase: 'pending', ready: false, message: gate, wantsImage: true };
  const replace = container ? { replace: container.id } : {};
  return {
    phase: 'creating',
    ready: false,
    wantsImage: true,
    action: { type: 'create', node: node.name, replica, ...replace },
  };
}

function exited(state: string): boolean {
  return state === 'exited' || state === 'stopped';
}

function planInit(
  node: WorkloadNode,
  replica: number,
  container: SeenContainer,
  facts: ContainerFacts,
  gate: string | undefined,
): ReplicaView {
  if (container.state === 'running') {
    return { phase: 'running', ready: false, message: 'running to completion' };
  }
  if (container.state === 'created') {
    if (gate) return { phase: 'pending', ready: false, message: gate };
    const start = { type: 'start' as const, node: node.name, replica, container: container.id };
    return { phase: 'starting', ready: false, action: { ...start, restart: false } };
  }
  if (!exited(container.state))
    return { phase: 'starting', ready: false, message: container.state };
  if (facts.exitCode === undefined) return { phase: 'running', ready: false, message: 'exiting' };
  if (facts.exitCode === 0) return { phase: 'completed', ready: true };
  return { phase: 'failed', ready: false, message: facts.exitMessage ?? 'failed' };
}

function planService(
  node: WorkloadNode,
  replica: number,
  container: SeenContainer,
  facts: ContainerFacts,
  input: PlanInput,
  gate: string | undefined,
): ReplicaView {
  const key = replicaKey(node.name, replica);
  const backoff = input.restarts.get(key) ?? { restarts: 0, nextAt: 0 };
  const due = input.now >= backoff.nextAt;
  const wait = due ? '' : `; restarting in ${seconds(backoff.nextAt - input.now)} s`;
  if (container.state === 'running') {
    if (facts.unhealthy) {
      const message = `health check failing${facts.exitMessage ? `: ${facts.exitMessage}` : ''}${wait}`;
      if (!due) return { phase: 'unhealthy', ready: false, message };
      return {
        phase: 'unhealthy',
        ready: false,
        message,
        action: { type: 'restart', node: node.name, replica, container: container.id },
      };
    }
    const settled = node.health
      ? facts.healthy === true
      : facts.runningSince !== undefined && input.now - facts.runningSince >= input.settleMs;
    return settled ? { phase: 'running', ready: true } : { phase: 'starting', ready: false };
  }
  if (container.state === 'created' || facts.stoppedByAgent) {
    if (gate) return { phase: 'pending', ready: false, message: gate };
    return {
      phase: 'starting',
      ready: false,
      action: { type: 'start', node: node.name, replica, container: container.id, restart: false },
    };
  }
  if (exited(container.state)) {
    const message = `${facts.exitMessage ?? 'exited'}${wait}`;
    if (!due || gate)
      return {
        phase: 'unhealthy',
        ready: false,
        message: gate && due ? `${message}; ${gate}` : message,
      };
    return {
      phase: 'unhealthy',
      ready: false,
      message,
      action: { type: 'start', node: node.name, replica, container: container.id, restart: true },
    };
  }
  return { phase: 'starting', ready: false, message: container.state };
}

function summarise(name: string, views: ReplicaView[]): NodeReport {
  let worst = views[0]!;
  for (const view of views) {
    if (severity.indexOf(view.phase) < severity.indexOf(worst.phase)) worst = view;
  }
  const ready = views.every((v) => v.ready);
  const message = worst.message ?? views.find((v) => v.message)?.message;
  return { name, phase: worst.phase, ready, ...(message ? { message } : {}) };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
