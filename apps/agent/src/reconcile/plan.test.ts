import type { Workload } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import type { ObservedWorkload } from './engine-driver.js';
import { plan } from './plan.js';

const want = (id: string, revision = 'r1'): Workload => ({ id, kind: 'noop', revision, spec: {} });
const seen = (id: string, revision = 'r1', phase = 'running'): ObservedWorkload => ({
  id,
  revision,
  phase,
  nodes: [],
});

/** Actions as `type:id` strings, to read the table at a glance. */
const summary = (desired: Workload[], observed: ObservedWorkload[]) =>
  plan(desired, observed).map((a) => `${a.type}:${a.type === 'remove' ? a.id : a.workload.id}`);

describe(plan, () => {
  it.each([
    { name: 'nothing desired, nothing running', desired: [], observed: [], actions: [] },
    {
      name: 'creates what is desired but missing',
      desired: [want('a')],
      observed: [],
      actions: ['create:a'],
    },
    {
      name: 'removes what runs but is not desired',
      desired: [],
      observed: [seen('a')],
      actions: ['remove:a'],
    },
    {
      name: 'leaves a matching running workload alone',
      desired: [want('a')],
      observed: [seen('a')],
      actions: [],
    },
    {
      name: 'updates a workload of another revision',
      desired: [want('a', 'r2')],
      observed: [seen('a', 'r1')],
      actions: ['update:a'],
    },
    {
      name: 'starts a stopped workload of the same revision',
      desired: [want('a')],
      observed: [seen('a', 'r1', 'stopped')],
      actions: ['start:a'],
    },
    {
      name: 'starts an exited workload',
      desired: [want('a')],
      observed: [seen('a', 'r1', 'exited')],
      actions: ['start:a'],
    },
    {
      name: 'starts a failed workload again',
      desired: [want('a')],
      observed: [seen('a', 'r1', 'failed')],
      actions: ['start:a'],
    },
    {
      name: 'waits for a starting workload',
      desired: [want('a')],
      observed: [seen('a', 'r1', 'starting')],
      actions: [],
    },
    {
      name: 'updates rather than starts a stopped workload of another revision',
      desired: [want('a', 'r2')],
      observed: [seen('a', 'r1', 'stopped')],
      actions: ['update:a'],
    },
    {
      name: 'removes first, then creates and updates in desired order',
      desired: [want('c'), want('a', 'r2'), want('b')],
      observed: [seen('a'), seen('old')],
      actions: ['remove:old', 'create:c', 'update:a', 'create:b'],
    },
    {
      name: 'counts a desired id listed twice once',
      desired: [want('a', 'r1'), want('a', 'r2')],
      observed: [],
      actions: ['create:a'],
    },
  ])('$name', ({ desired, observed, actions }) => {
    expect(summary(desired, observed)).toEqual(actions);
  });

  it('is idempotent: after applying its actions, the plan is empty', () => {
    const desired = [want('a', 'r2'), want('b'), want('c')];
    const observed = [seen('a', 'r1'), seen('b', 'r1', 'stopped'), seen('gone')];
    const running = new Map(observed.map((o) => [o.id, o]));
    for (const action of plan(desired, observed)) {
      if (action.type === 'remove') running.delete(action.id);
      else running.set(action.workload.id, seen(action.workload.id, action.workload.revision));
    }
    expect(plan(desired, [...running.values()])).toEqual([]);
  });

  it('hands the driver the desired workload and what it observed', () => {
    const [update] = plan([want('a', 'r2')], [seen('a', 'r1')]);
    expect(update).toEqual({
      type: 'update',
      workload: want('a', 'r2'),
      observed: seen('a', 'r1'),
    });
  });
});
