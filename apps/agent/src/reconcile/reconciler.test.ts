import type { Workload } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { createAgentLogger } from '../agent-logger.js';
import type { EngineDriver, ObservedWorkload, ReconcileAction } from './engine-driver.js';
import { FailureGate } from './failure-gate.js';
import { NoopDriver } from './noop-driver.js';
import { Reconciler } from './reconciler.js';

const logger = createAgentLogger('error', { write: () => true });
const noop = (id: string, revision = 'r1', spec: unknown = {}): Workload => ({
  id,
  kind: 'noop',
  revision,
  spec,
});

function setup(now = { value: 0 }) {
  const driver = new NoopDriver();
  const reconciler = new Reconciler({
    drivers: [driver],
    logger,
    now: () => now.value,
    gate: new FailureGate({ baseMs: 1000 }),
  });
  return { driver, reconciler, now };
}

describe(Reconciler, () => {
  it('creates desired workloads, reports them running and says what it did', async () => {
    const { reconciler } = setup();
    const result = await reconciler.reconcile([noop('a'), noop('b')]);
    expect(result.statuses.map((s) => [s.id, s.phase])).toEqual([
      ['a', 'running'],
      ['b', 'running'],
    ]);
    expect(result.events.map((e) => [e.workload, e.reason])).toEqual([
      ['a', 'created'],
      ['b', 'created'],
    ]);
  });

  it('changes nothing when run twice on the same desired state', async () => {
    const { reconciler } = setup();
    await reconciler.reconcile([noop('a')]);
    const second = await reconciler.reconcile([noop('a')]);
    expect(second.events).toEqual([]);
  });

  it('corrects drift it never heard of: a workload removed behind its back', async () => {
    const { reconciler, driver } = setup();
    await reconciler.reconcile([noop('a')]);
    driver.tamper('a', 'delete');
    const result = await reconciler.reconcile([noop('a')]);
    expect(result.events.map((e) => e.reason)).toEqual(['created']);
  });

  it('updates to a new revision and removes what is no longer desired', async () => {
    const { reconciler } = setup();
    await reconciler.reconcile([noop('a'), noop('b')]);
    const result = await reconciler.reconcile([noop('a', 'r2')]);
    expect(result.events.map((e) => [e.workload, e.reason])).toEqual([
      ['b', 'removed'],
      ['a', 'updated'],
    ]);
  });

  it('retries a retryable failure with backoff and reports it once', async () => {
    const { reconciler, now } = setup();
    const failing = noop('a', 'r1', { fail: 'retry', message: 'engine busy' });
    const first = await reconciler.reconcile([failing]);
    expect(first.statuses[0]).toMatchObject({ phase: 'failed', message: 'engine busy' });
    expect(first.events.map((e) => e.reason)).toEqual(['failed']);
    expect(first.retryAt).toBe(1000);
    const held = await reconciler.reconcile([failing]);
    expect(held.events).toEqual([]);
    now.value = 1000;
    const retried = await reconciler.reconcile([failing]);
    expect([retried.events, retried.retryAt]).toEqual([[], 1000 + 2000]);
  });

  it('does not retry a terminal failure until the revision changes', async () => {
    const { reconciler, now } = setup();
    const broken = noop('a', 'r1', { fail: 'terminal', message: 'bad spec' });
    const first = await reconciler.reconcile([broken]);
    expect(first.events[0]?.message).toContain('not retried until the workload changes');
    now.value = 10 ** 9;
    expect((await reconciler.reconcile([broken])).events).toEqual([]);
    const fixed = await reconciler.reconcile([noop('a', 'r2')]);
    expect(fixed.statuses[0]?.phase).toBe('running');
  });

  it('reports a kind without a driver as failed, once per revision', async () => {
    const { reconciler } = setup();
    const docker: Workload = { id: 'db', kind: 'docker', revision: 'r1', spec: {} };
    const first = await reconciler.reconcile([docker]);
    expect(first.statuses[0]).toMatchObject({ phase: 'failed' });
    expect(first.events.map((e) => e.reason)).toEqual(['unsupported']);
    expect((await reconciler.reconcile([docker])).events).toEqual([]);
  });

  it('survives a driver that cannot observe, and reports the workloads unknown', async () => {
    const broken: EngineDriver = {
      kind: 'noop',
      observe: () => Promise.reject(new Error('socket gone')),
      apply: async (_action: ReconcileAction) => {},
    };
    const reconciler = new Reconciler({ drivers: [broken], logger });
    const result = await reconciler.reconcile([noop('a')]);
    expect(result.statuses[0]).toMatchObject({ phase: 'unknown' });
    expect(result.statuses[0]?.message).toContain('socket gone');
  });

  it('removes what a driver runs when nothing is desired any more', async () => {
    const removed: string[] = [];
    const driver: EngineDriver = {
      kind: 'noop',
      observe: async (): Promise<ObservedWorkload[]> => [
        { id: 'x', revision: 'r', phase: 'running', nodes: [] },
      ],
      apply: async (action) => {
        if (action.type === 'remove') removed.push(action.id);
      },
    };
    await new Reconciler({ drivers: [driver], logger }).reconcile([]);
    expect(removed).toEqual(['x']);
  });
});
