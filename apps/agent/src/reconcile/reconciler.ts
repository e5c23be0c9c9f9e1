import type { Workload, WorkloadStatus } from '@berth/spec';
import type { AgentLogger } from '../agent-logger.js';
import {
  actionRevision,
  actionWorkloadId,
  type EngineDriver,
  type ObservedWorkload,
  type ReconcileAction,
  type ReconcileEvent,
} from './engine-driver.js';
import { FailureGate } from './failure-gate.js';
import { plan } from './plan.js';

export type { ReconcileEvent } from './engine-driver.js';

/** What one pass did and found. */
export interface ReconcileResult {
  /** One per desired workload, in desired order. */
  statuses: WorkloadStatus[];
  events: ReconcileEvent[];
  /** When a held-back workload may be retried (epoch ms), so the caller can run a pass then. */
  retryAt?: number;
}

export interface ReconcilerOptions {
  drivers: EngineDriver[];
  logger: AgentLogger;
  now?: () => number;
  gate?: FailureGate;
}

const reasons: Record<ReconcileAction['type'], string> = {
  create: 'created',
  update: 'updated',
  start: 'started',
  remove: 'removed',
};

/**
 * Runs reconcile passes over the drivers (see the contract in `engine-driver.ts`). One
 * pass at a time: the caller serialises them. Never throws: driver failures become
 * statuses and events.
 */
export class Reconciler {
  private readonly drivers = new Map<string, EngineDriver>();
  private readonly gate: FailureGate;
  private readonly now: () => number;
  /** Workloads already reported as having no driver: id → revision. */
  private readonly unsupportedReported = new Map<string, string>();

  constructor(private readonly options: ReconcilerOptions) {
    for (const driver of options.drivers) this.drivers.set(driver.kind, driver);
    this.gate = options.gate ?? new FailureGate();
    this.now = options.now ?? Date.now;
  }

  /** One level-based pass: makes every driver's workloads match `desired`. */
  async reconcile(listed: Workload[]): Promise<ReconcileResult> {
    const desired = firstOfEachId(listed);
    const ids = new Set(desired.map((w) => w.id));
    const events: ReconcileEvent[] = [];
    const statuses = new Map<string, WorkloadStatus>();
    const byKind = new Map<string, Workload[]>();
    for (const workload of desired) {
      const list = byKind.get(workload.kind) ?? [];
      list.push(workload);
      byKind.set(workload.kind, list);
    }
    this.gate.retain(ids);
    for (const id of this.unsupportedReported.keys()) {
      if (!ids.has(id)) this.unsupportedReported.delete(id);
    }
    for (const kind of new Set([...this.drivers.keys(), ...byKind.keys()])) {
      const workloads = byKind.get(kind) ?? [];
      const driver = this.drivers.get(kind);
      const found = driver
        ? await this.reconcileKind(driver, workloads, events)
        : this.unsupported(kind, workloads, events);
      for (const status of found) if (!statuses.has(status.id)) statuses.set(status.id, status);
    }
    const ordered = desired.map((w) => statuses.get(w.id)!);
    return { statuses: ordered, events, retryAt: this.gate.nextRetryAt() };
  }

  /**
   * The statuses of `listed` as the drivers show them now, changing nothing: for a report
   * while a pass is busy with a long action (a light app's download). Never throws.
   */
  async statuses(listed: Workload[]): Promise<WorkloadStatus[]> {
    const desired = firstOfEachId(listed);
    const statuses = new Map<string, WorkloadStatus>();
    for (const [kind, driver] of this.drivers) {
      const workloads = desired.filter((w) => w.kind === kind);
      if (workloads.length === 0) continue;
      const observed = await driver.observe().catch(() => undefined);
      if (!observed) continue;
      for (const w of workloads) statuses.set(w.id, this.statusOf(driver, w, observed));
    }
    return desired.flatMap((w) => statuses.get(w.id) ?? []);
  }

  private async reconcileKind(
    driver: EngineDriver,
    workloads: Workload[],
    events: ReconcileEvent[],
  ): Promise<WorkloadStatus[]> {
    let observed: ObservedWorkload[];
    try {
      observed = await driver.observe();
    } catch (error) {
      const message = `cannot observe ${driver.kind} workloads: ${errorMessage(error)}`;
      this.options.logger.warn({ kind: driver.kind, err: errorMessage(error) }, 'observe failed');
      return workloads.map((w) => ({ id: w.id, phase: 'unknown', message, nodes: [] }));
    }
    const actions = plan(workloads, observed);
    let changed = false;
    for (const action of actions) {
      const id = actionWorkloadId(action);
      const revision = actionRevision(action);
      if (!this.gate.allows(id, revision, this.now())) continue;
      changed = true;
      try {
        await driver.apply(action);
        this.gate.clear(id);
        events.push({
          workload: id,
          node: null,
          reason: reasonOf(action),
          message: describe(action),
        });
      } catch (error) {
        const failure = this.gate.record(id, revision, error, this.now());
        this.options.logger.warn(
          { workload: id, action: action.type, attempts: failure.attempts, err: failure.message },
          'reconcile action failed',
        );
        if (!failure.repeated) {
          const suffix = failure.terminal ? ' (not retried until the workload changes)' : '';
          events.push({
            workload: id,
            node: null,
            reason: 'failed',
            message: `${action.type}: ${failure.message}${suffix}`.slice(0, 2000),
          });
        }
      }
    }
    const after = changed ? await driver.observe().catch(() => observed) : observed;
    return workloads.map((w) => this.statusOf(driver, w, after));
  }

  /**
   * The status of a desired workload. `revision` is the revision the reported nodes
   * belong to: the desired one once the driver runs it (or failed it), the previous one
   * while an update is still being taken over.
   */
  private statusOf(
    driver: EngineDriver,
    workload: Workload,
    observed: ObservedWorkload[],
  ): WorkloadStatus {
    const current = observed.find((o) => o.id === workload.id);
    const failure = this.gate.get(workload.id);
    const failed = failure?.revision === workload.revision ? failure : undefined;
    if (failed?.terminal || (!current && failed)) {
      const message = clip(failed.message);
      const nodes = driver.failedNodes?.(workload, message) ?? [];
      return { id: workload.id, revision: workload.revision, phase: 'failed', message, nodes };
    }
    if (!current)
      return { id: workload.id, revision: workload.revision, phase: 'pending', nodes: [] };
    const message = current.message ?? failed?.message;
    return {
      id: workload.id,
      revision: current.revision,
      phase: current.revision === workload.revision ? current.phase : 'updating',
      ...(message ? { message: clip(message) } : {}),
      ...(current.limitsEnforced !== undefined ? { limitsEnforced: current.limitsEnforced } : {}),
      nodes: current.nodes.slice(0, 500),
    };
  }

  private unsupported(
    kind: string,
    workloads: Workload[],
    events: ReconcileEvent[],
  ): WorkloadStatus[] {
    const message = `this agent has no driver for workloads of kind "${kind}"`;
    for (const w of workloads) {
      if (this.unsupportedReported.get(w.id) === w.revision) continue;
      this.unsupportedReported.set(w.id, w.revision);
      events.push({ workload: w.id, node: null, reason: 'unsupported', message });
    }
    return workloads.map((w) => ({ id: w.id, phase: 'failed', message, nodes: [] }));
  }
}

/** A desired id listed twice (a server bug) counts once, the first, across all kinds. */
function firstOfEachId(workloads: Workload[]): Workload[] {
  const seen = new Set<string>();
  return workloads.filter((w) => !seen.has(w.id) && seen.add(w.id));
}

function describe(action: ReconcileAction): string {
  if (action.type === 'remove') return `removed ${action.id} (no longer desired)`;
  if (action.type === 'start' && action.observed.supervised === false) {
    return `took over ${action.workload.id} at revision ${action.workload.revision} (found running on the host)`;
  }
  if (action.type === 'update') {
    return `updated ${action.workload.id} from revision ${action.observed.revision} to ${action.workload.revision}`;
  }
  return `${reasons[action.type]} ${action.workload.id} at revision ${action.workload.revision}`;
}

function reasonOf(action: ReconcileAction): string {
  return action.type === 'start' && action.observed.supervised === false
    ? 'adopted'
    : reasons[action.type];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(text: string): string {
  return text.slice(0, 2000);
}
