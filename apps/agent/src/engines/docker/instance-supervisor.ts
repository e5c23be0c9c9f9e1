import type { InstanceWorkloadSpec, WorkloadNode } from '@berth/spec';
import { CoalescedTask } from '../../coalesced-task.js';
import type { ObservedWorkload } from '../../reconcile/engine-driver.js';
import { createRedactor } from './container-exit.js';
import { nodeEndpoints } from './container-spec.js';
import type { ContainerSummary } from './engine-api.js';
import { observeContainers } from './instance-observer.js';
import { planInstance } from './instance-plan.js';
import { labelKeys, networkName, ownerSelector } from './naming.js';
import type { NodeReport, PlanAction, SeenContainer } from './plan-types.js';
import { pullKey, removeKey, replicaKey } from './plan-types.js';
import { ReplicaActions } from './supervisor-actions.js';
import {
  emptyMemory,
  type InstanceMemory,
  type SupervisorDeps,
  type Target,
} from './supervisor-memory.js';

/**
 * Keeps one instance at its target: a loop of ticks, each of which lists the instance's
 * containers (one engine call), updates what is known about them (exits, health), asks
 * the pure planner what to do, and starts those actions without waiting for them (an
 * image pull does not hold up a restart elsewhere). Ticks come at once after an action
 * ends, a health check flips or the engine reports that one of the instance's containers
 * started, exited or vanished (container-events.ts); and, in case an event is lost,
 * every `busyPollMs` while anything is in progress and every `pollMs` once converged.
 * Nothing here throws: failures become statuses and events, and the next tick tries
 * again.
 */
export class InstanceSupervisor {
  private target: Target | undefined;
  private readonly memory: InstanceMemory = emptyMemory();
  private readonly actions: ReplicaActions;
  private readonly ticks: CoalescedTask;
  private readonly inflight = new Set<Promise<void>>();
  private reports: NodeReport[] = [];
  private engineProblem: string | undefined;
  private published = '';
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly id: string,
    private readonly deps: SupervisorDeps,
  ) {
    this.actions = new ReplicaActions(id, deps, this.memory, () => this.target!);
    this.ticks = new CoalescedTask(
      () => this.tick(),
      (error) => deps.logger.error({ workload: id, err: String(error) }, 'supervisor tick failed'),
    );
  }

  get revision(): string | undefined {
    return this.target?.revision;
  }

  /** Carries out `spec` from now on (idempotent for the same revision). */
  setTarget(spec: InstanceWorkloadSpec, revision: string): void {
    const previous = this.target;
    if (previous?.revision === revision) return;
    const secrets = spec.nodes.flatMap((n) => Object.values(n.env));
    const auths = Object.values(this.deps.registries()?.auths ?? {}).map((a) => a.password);
    // Until the next tick has looked, only nodes the new revision leaves as they were
    // keep their reports: a changed node is pending, not still "running" at the old one.
    this.reports = this.reports.filter((report) => {
      const before = previous?.spec.nodes.find((n) => n.name === report.name);
      const after = spec.nodes.find((n) => n.name === report.name);
      return (
        before !== undefined &&
        after !== undefined &&
        before.hash === after.hash &&
        before.replicas === after.replicas &&
        previous?.spec.stopped === spec.stopped
      );
    });
    this.target = {
      spec,
      revision,
      network: networkName(spec.instance, spec.instanceId),
      redact: createRedactor([...secrets, ...auths]),
    };
    // A new revision retries what failed for good under the old one.
    for (const [node, image] of this.memory.images) {
      if (image.state === 'failed' || image.state === 'unknown') this.memory.images.delete(node);
    }
    for (const node of spec.nodes) {
      const image = this.memory.images.get(node.name);
      if (image && image.ref !== node.image && !image.ref.endsWith(node.image)) {
        this.memory.images.delete(node.name);
      }
    }
    this.memory.holds.clear();
    this.memory.reported.clear();
    this.kick();
  }

  /** Asks for a tick now (coalesced). */
  kick(): void {
    void this.tickNow();
  }

  /** A tick now (coalesced); resolves once one that started at or after the call ended. */
  tickNow(): Promise<void> {
    return this.closed ? Promise.resolve() : this.ticks.run();
  }

  /** The instance as it stands, for `observe()`. */
  view(): ObservedWorkload {
    const target = this.target!;
    const nodes = target.spec.nodes.map((node) => this.nodeStatus(node));
    return {
      id: this.id,
      revision: target.revision,
      phase: workloadPhase(target.spec, nodes),
      ...(this.engineProblem ? { message: this.engineProblem } : {}),
      nodes,
      supervised: true,
    };
  }

  /** Stops ticking and probing and waits for actions in flight; containers keep running. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.ticks.idle();
    await Promise.allSettled([...this.inflight]);
    for (const tracked of this.memory.tracked.values()) tracked.monitor?.stop();
  }

  private async tick(): Promise<void> {
    const target = this.target;
    if (this.closed || !target) return;
    const { api, owner, timings } = this.deps;
    // What was in flight when the listing was asked for: an action that ends while this
    // tick lists and observes may have changed the engine after the listing saw it (a
    // create that finished unseen), so its replica counts as busy until the next tick.
    const busyWhileListing = new Map(this.memory.busy);
    let listed: ContainerSummary[];
    try {
      listed = await api.listContainers([
        ...ownerSelector(owner),
        `${labelKeys.instance}=${this.id}`,
      ]);
      this.engineProblem = undefined;
    } catch (error) {
      this.engineProblem = `container engine unreachable: ${(error as Error).message}`;
      this.publish();
      this.schedule(timings.pollMs);
      return;
    }
    const seen: SeenContainer[] = await observeContainers({
      id: this.id,
      listed,
      target,
      memory: this.memory,
      deps: this.deps,
      report: (key, node, reason, message) => this.actions.report(key, node, reason, message),
      event: (node, reason, message) => this.actions.event(node, reason, message),
      healthChanged: () => this.kick(),
    });
    if (this.closed) return;
    const plan = planInstance({
      spec: target.spec,
      revision: target.revision,
      now: this.deps.now(),
      settleMs: timings.settleMs,
      containers: seen,
      facts: new Map([...this.memory.tracked].map(([id, t]) => [id, t.facts])),
      images: this.memory.images,
      restarts: this.memory.restarts,
      initDone: new Map(Object.entries(this.deps.state.get(this.id)?.initDone ?? {})),
      busy: new Map([...busyWhileListing, ...this.memory.busy]),
      holds: this.memory.holds,
    });
    for (const action of plan.actions) this.launch(action);
    this.reports = plan.nodes;
    this.publish();
    const settled = plan.nodes.every(
      (n) => n.ready || ['failed', 'completed', 'stopped'].includes(n.phase),
    );
    const idle = plan.actions.length === 0 && this.memory.busy.size === 0 && settled;
    this.schedule(
      this.initJustStarted(seen, target)
        ? Math.min(timings.initPollMs ?? 50, timings.busyPollMs)
        : idle
          ? timings.pollMs
          : timings.busyPollMs,
    );
  }

  /** True while an init node's container runs and started less than `initWatchMs` ago. */
  private initJustStarted(seen: SeenContainer[], target: Target): boolean {
    const now = this.deps.now();
    const watchMs = this.deps.timings.initWatchMs ?? 10_000;
    return seen.some((c) => {
      if (c.state !== 'running') return false;
      const node = target.spec.nodes.find((n) => n.name === c.node);
      const since = this.memory.tracked.get(c.id)?.facts.runningSince;
      return node?.kind === 'init' && since !== undefined && now - since < watchMs;
    });
  }

  private launch(action: PlanAction): void {
    const key =
      action.type === 'pull'
        ? pullKey(action.node)
        : action.type === 'remove'
          ? removeKey(action.container)
          : replicaKey(action.node, action.replica);
    if (this.memory.busy.has(key)) return;
    this.memory.busy.set(key, busyWith[action.type]);
    const running = this.actions.execute(action).finally(() => {
      this.memory.busy.delete(key);
      this.inflight.delete(running);
      this.kick();
    });
    this.inflight.add(running);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.timer = setTimeout(() => this.kick(), ms);
    this.timer.unref();
  }

  private nodeStatus(node: WorkloadNode): ObservedWorkload['nodes'][number] {
    const report = this.reports.find((r) => r.name === node.name);
    let restarts = 0;
    for (const [key, entry] of this.memory.restarts) {
      if (key.startsWith(`${node.name}/`)) restarts += entry.restarts;
    }
    const message = report?.message ?? this.engineProblem;
    return {
      name: node.name,
      phase: report?.phase ?? 'pending',
      ready: report?.ready ?? false,
      restarts,
      endpoints: nodeEndpoints(node, this.deps.hostAddress),
      ...(message ? { message: message.slice(0, 2000) } : {}),
    };
  }

  /** Tells the agent when what `view()` shows changed. */
  private publish(): void {
    const now = JSON.stringify(this.view());
    if (now === this.published) return;
    this.published = now;
    this.deps.changed();
  }
}

const busyWith = {
  pull: 'pulling',
  create: 'creating',
  start: 'starting',
  restart: 'starting',
  stop: 'stopping',
  remove: 'removing',
} as const;

/** One word for the whole instance (the nodes carry the detail). */
function workloadPhase(spec: InstanceWorkloadSpec, nodes: ObservedWorkload['nodes']): string {
  if (nodes.some((n) => n.phase === 'failed')) return 'failed';
  if (spec.stopped) {
    return nodes.every((n) => ['stopped', 'completed'].includes(n.phase)) ? 'stopped' : 'stopping';
  }
  if (nodes.every((n) => n.ready || n.phase === 'completed')) return 'running';
  if (nodes.some((n) => n.phase === 'unhealthy')) return 'degraded';
  return 'deploying';
}
