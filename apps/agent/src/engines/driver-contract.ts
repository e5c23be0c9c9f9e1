import type { Workload, WorkloadStatus } from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentLogger } from '../agent-logger.js';
import type { EngineDriver, ReconcileEvent } from '../reconcile/engine-driver.js';
import { type ReconcileResult, Reconciler } from '../reconcile/reconciler.js';

/** A driver as the suite runs it, with the events it emitted through `attach` (and when). */
export interface DriverHarness {
  driver: EngineDriver;
  events: Array<ReconcileEvent & { at: number }>;
}

/**
 * What the contract suite needs to know about a driver: how to start one (again: a new
 * driver over the same host is an agent restart), a workload that runs and one the
 * driver must refuse, how many changes it made to the host, and what the host holds.
 */
export interface DriverContractFixture {
  /** A new driver over the same host (the first call: a fresh agent; later: a restart). */
  start(): Promise<DriverHarness>;
  /** A workload of the driver's kind that runs; another `variant` is another revision. */
  workload(id: string, variant?: number): Workload;
  /** A workload whose spec this driver must refuse (terminal). */
  invalidWorkload(id: string): Workload;
  /** A driver and workload that fail in a way worth retrying (the engine unreachable…). */
  failing(): Promise<{ harness: DriverHarness; workload: Workload }>;
  /** How many calls changed something on the host since the fixture was made. */
  mutations(): number;
  /** How many copies of workload `id` the host holds (containers, processes…); 0 when gone. */
  copies(id: string): Promise<number>;
  /** Anything else of workload `id` left on the host (networks, volumes…). */
  leftovers(id: string): Promise<string[]>;
  /** How long a workload may take to be running. */
  runningTimeoutMs: number;
  cleanup(): Promise<void>;
}

const quiet = createAgentLogger('error', { write: () => true });

/** A harness around `driver` that collects what it emits. */
export function harness(driver: EngineDriver, nodeId = 'contract-node'): DriverHarness {
  const events: DriverHarness['events'] = [];
  driver.attach?.({
    nodeId,
    logger: quiet,
    emit: (e) => events.push({ ...e, at: Date.now() }),
    changed: () => {},
  });
  return { driver, events };
}

/** Passes until `done` holds for the result; returns it. */
export async function reconcileUntil(
  reconciler: Reconciler,
  desired: Workload[],
  done: (result: ReconcileResult) => boolean,
  timeoutMs: number,
): Promise<ReconcileResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await reconciler.reconcile(desired);
    if (done(result)) return result;
    if (Date.now() > deadline) {
      throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(result.statuses)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Running at its revision, every node ready. */
export function isRunning(status: WorkloadStatus | undefined, revision: string): boolean {
  return (
    status?.phase === 'running' &&
    status.revision === revision &&
    status.nodes.length > 0 &&
    status.nodes.every((n) => n.ready)
  );
}

/**
 * The contract every engine driver passes (see reconcile/engine-driver.ts), run through
 * the real reconciler: idempotent apply, adoption after a restart with no second copy,
 * removal leaving nothing behind, terminal errors reported once and not retried,
 * retryable ones retried. `makeFixture` resolving to undefined skips the suite (an
 * engine that is not there — the caller decides whether that may be skipped).
 */
export function defineDriverContract(
  name: string,
  makeFixture: () => Promise<DriverContractFixture>,
): void {
  describe(`the engine driver contract: ${name}`, () => {
    let fixture: DriverContractFixture;
    let first: DriverHarness;
    const logger = quiet;
    beforeAll(async () => {
      fixture = await makeFixture();
      first = await fixture.start();
    });
    afterAll(async () => {
      await first?.driver.close?.();
      await fixture?.cleanup();
    });

    it('runs a workload and reports it running at its revision', async () => {
      const reconciler = new Reconciler({ drivers: [first.driver], logger });
      const w = fixture.workload('contract-a');
      const result = await reconcileUntil(
        reconciler,
        [w],
        (r) => isRunning(r.statuses[0], w.revision),
        fixture.runningTimeoutMs,
      );
      expect(result.statuses[0]?.id).toBe('contract-a');
      expect(await fixture.copies('contract-a')).toBeGreaterThan(0);
    });

    it('changes nothing when the same desired state is applied again', async () => {
      const reconciler = new Reconciler({ drivers: [first.driver], logger });
      const w = fixture.workload('contract-a');
      const before = fixture.mutations();
      const copies = await fixture.copies('contract-a');
      for (let pass = 0; pass < 3; pass++) {
        const result = await reconciler.reconcile([w]);
        expect(result.events).toEqual([]);
        expect(isRunning(result.statuses[0], w.revision)).toBe(true);
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(fixture.mutations()).toBe(before);
      expect(await fixture.copies('contract-a')).toBe(copies);
    });

    it('adopts what runs after a restart, with no second copy and no change', async () => {
      const copies = await fixture.copies('contract-a');
      await first.driver.close?.();
      first = await fixture.start();
      const before = fixture.mutations();
      const reconciler = new Reconciler({ drivers: [first.driver], logger });
      const w = fixture.workload('contract-a');
      await reconcileUntil(
        reconciler,
        [w],
        (r) => isRunning(r.statuses[0], w.revision),
        fixture.runningTimeoutMs,
      );
      await reconciler.reconcile([w]);
      expect(await fixture.copies('contract-a')).toBe(copies);
      expect(fixture.mutations()).toBe(before);
    });

    it('moves a workload to a new revision', async () => {
      const reconciler = new Reconciler({ drivers: [first.driver], logger });
      const w = fixture.workload('contract-a', 2);
      await reconcileUntil(
        reconciler,
        [w],
        (r) => isRunning(r.statuses[0], w.revision),
        fixture.runningTimeoutMs,
      );
    });

    it('removes what is no longer desired, leaving nothing behind', async () => {
      const reconciler = new Reconciler({ drivers: [first.driver], logger });
      const result = await reconciler.reconcile([]);
      expect(result.events.map((e) => e.reason)).toEqual(['removed']);
      expect((await first.driver.observe()).map((o) => o.id)).not.toContain('contract-a');
      expect(await fixture.copies('contract-a')).toBe(0);
      expect(await fixture.leftovers('contract-a')).toEqual([]);
    });

    it('reports a workload it cannot run failed, once, and does not retry it', async () => {
      const reconciler = new Reconciler({ drivers: [first.driver], logger });
      const w = fixture.invalidWorkload('contract-bad');
      const before = fixture.mutations();
      const result = await reconciler.reconcile([w]);
      expect(result.statuses[0]).toMatchObject({ id: 'contract-bad', phase: 'failed' });
      expect(result.events.map((e) => e.reason)).toEqual(['failed']);
      expect(result.retryAt).toBeUndefined();
      const again = await reconciler.reconcile([w]);
      expect(again.events).toEqual([]);
      expect(again.statuses[0]?.phase).toBe('failed');
      expect(fixture.mutations()).toBe(before);
      expect(await fixture.copies('contract-bad')).toBe(0);
    });

    it('reports a retryable failure and schedules a retry', async () => {
      const { harness: failing, workload } = await fixture.failing();
      try {
        const reconciler = new Reconciler({ drivers: [failing.driver], logger });
        const result = await reconciler.reconcile([workload]);
        expect(result.statuses[0]?.phase).toBe('failed');
        expect(result.statuses[0]?.message).toBeTruthy();
        expect(result.events.map((e) => e.reason)).toEqual(['failed']);
        expect(result.retryAt).toBeGreaterThan(Date.now() - 1000);
      } finally {
        await failing.driver.close?.();
      }
    });
  });
}
