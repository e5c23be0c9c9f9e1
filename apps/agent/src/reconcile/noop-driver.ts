import { z } from 'zod';
import {
  type EngineDriver,
  type ObservedWorkload,
  type ReconcileAction,
  RetryLaterError,
  TerminalError,
} from './engine-driver.js';

/**
 * The spec of a `noop` workload. Everything is optional; `fail` makes `apply` fail, so
 * tests can watch the reconciler's retry and terminal paths without an engine.
 */
export const noopSpec = z
  .object({
    fail: z.enum(['retry', 'terminal']).optional(),
    message: z.string().max(500).optional(),
  })
  .loose();

/**
 * A driver that "runs" workloads in memory and persists nothing of its own: after a
 * restart it observes nothing and the reconciler creates everything again from the
 * desired state, which is exactly what a real driver does for a host that rebooted.
 * It lets the session, the state and the reconciler be tested end to end without an
 * engine. `host` stands for the host's engine: two drivers given the same map see the
 * same workloads (the contract suite's "agent restart").
 */
export class NoopDriver implements EngineDriver {
  readonly kind = 'noop';

  constructor(private readonly running = new Map<string, ObservedWorkload>()) {}

  async observe(): Promise<ObservedWorkload[]> {
    return [...this.running.values()].map((w) => ({ ...w, nodes: w.nodes.map((n) => ({ ...n })) }));
  }

  async apply(action: ReconcileAction): Promise<void> {
    if (action.type === 'remove') {
      this.running.delete(action.id);
      return;
    }
    const parsed = noopSpec.safeParse(action.workload.spec ?? {});
    if (!parsed.success) throw new TerminalError(`invalid noop spec: ${parsed.error.message}`);
    const message = parsed.data.message ?? `noop workload asked to fail (${parsed.data.fail})`;
    if (parsed.data.fail === 'terminal') throw new TerminalError(message);
    if (parsed.data.fail === 'retry') throw new RetryLaterError(message);
    const { id, revision } = action.workload;
    this.running.set(id, {
      id,
      revision,
      phase: 'running',
      nodes: [{ name: id, phase: 'running', ready: true, restarts: 0, endpoints: [] }],
    });
  }

  /** Test hook: changes a workload behind the reconciler's back (a crash, a hand edit). */
  tamper(id: string, change: Partial<ObservedWorkload> | 'delete'): void {
    const current = this.running.get(id);
    if (change === 'delete') this.running.delete(id);
    else if (current) this.running.set(id, { ...current, ...change });
  }
}
