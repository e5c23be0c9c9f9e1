import type { ComponentNodePhase, WorkloadStatus } from '@berth/spec';
import { componentCatalog, instanceWorkloadSpec } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { compileComponent } from './compile-component.js';
import {
  type ComponentObservation,
  componentNodePhase,
  componentStatus,
} from './component-status.js';

const start = new Date('2025-01-01T12:00:00Z');
const seen = (over: Partial<ComponentObservation> = {}): ComponentObservation => ({
  status: undefined,
  revision: 'r1',
  initialisedAt: start,
  deadlineSeconds: 600,
  applied: true,
  hostOnline: true,
  now: new Date(start.getTime() + 1000),
  ...over,
});
const report = (
  nodes: { phase: string; ready: boolean; message?: string }[],
  revision = 'r1',
): WorkloadStatus => ({
  id: 'component-x',
  revision,
  phase: 'reported',
  nodes: nodes.map((n, i) => ({ name: `c${i}`, restarts: 0, endpoints: [], ...n })),
});
const late = new Date(start.getTime() + 601_000);

describe(componentNodePhase, () => {
  it.each([
    ['offline, nothing reported', seen({ hostOnline: false }), 'pending'],
    ['offline past the deadline', seen({ hostOnline: false, now: late }), 'pending'],
    ['online, not yet applied', seen({ applied: false }), 'pending'],
    ['applied, nothing reported yet', seen(), 'deploying'],
    ['applied, silent past the deadline', seen({ now: late }), 'failed'],
    [
      'a report of an older revision',
      seen({ status: report([{ phase: 'running', ready: true }], 'r0') }),
      'deploying',
    ],
    [
      'every container ready',
      seen({ status: report([{ phase: 'running', ready: true }]) }),
      'running',
    ],
    [
      'starting, in time',
      seen({ status: report([{ phase: 'pulling', ready: false }]) }),
      'deploying',
    ],
    ['a container failed', seen({ status: report([{ phase: 'failed', ready: false }]) }), 'failed'],
    [
      'some ready, one unhealthy past the deadline',
      seen({
        now: late,
        status: report([
          { phase: 'running', ready: true },
          { phase: 'unhealthy', ready: false },
        ]),
      }),
      'degraded',
    ],
    [
      'none ready past the deadline',
      seen({ now: late, status: report([{ phase: 'unhealthy', ready: false }]) }),
      'failed',
    ],
  ] as const)('%s → %s', (_what, observation, phase) => {
    expect(componentNodePhase(observation).phase).toBe(phase);
  });

  it('names the containers that are not ready, with the reason the agent gave', () => {
    const out = componentNodePhase(
      seen({ status: report([{ phase: 'failed', ready: false, message: 'pull: not found' }]) }),
    );
    expect(out.message).toBe('c0 (failed: pull: not found)');
  });
});

describe(componentStatus, () => {
  it.each([
    [[], 'not-initialised'],
    [['running', 'running'], 'ready'],
    [['running', 'deploying'], 'initialising'],
    [['pending'], 'initialising'],
    [['running', 'failed'], 'degraded'],
    [['degraded'], 'degraded'],
    [['failed', 'failed'], 'failed'],
    [['failed', 'deploying'], 'failed'],
  ] as [ComponentNodePhase[], string][])('%j → %s', (phases, status) => {
    expect(componentStatus(phases)).toBe(status);
  });
});

describe(compileComponent, () => {
  it('compiles every catalog entry into a valid instance workload, the same revision each time', () => {
    for (const entry of componentCatalog) {
      const first = compileComponent(entry);
      expect(instanceWorkloadSpec.safeParse(first.spec).success, entry.name).toBe(true);
      expect(first.spec.instance).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      expect(compileComponent(entry).revision, entry.name).toBe(first.revision);
    }
    const revisions = componentCatalog.map((e) => compileComponent(e).revision);
    expect(new Set(revisions).size).toBe(revisions.length);
  });
});
