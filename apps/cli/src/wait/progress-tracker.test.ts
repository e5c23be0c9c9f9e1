import { describe, expect, it } from 'vitest';
import { aNodeStatus, anInstance } from '../testing/fixtures.js';
import { createProgressTracker, statusLine } from './progress-tracker.js';

describe(createProgressTracker, () => {
  it('reports the phase first, then each change of phase and of each node', () => {
    const tracker = createProgressTracker();

    expect(tracker.update(anInstance({ status: { phase: 'pending' } }))).toEqual([
      'shop-north: pending',
    ]);
    expect(
      tracker.update(
        anInstance({
          status: {
            phase: 'deploying',
            nodes: [aNodeStatus('db', 'running'), aNodeStatus('web', 'starting')],
          },
        }),
      ),
    ).toEqual(['shop-north: pending → deploying', '  db: running', '  web: starting']);
    expect(
      tracker.update(
        anInstance({
          status: {
            phase: 'running',
            nodes: [aNodeStatus('db', 'running'), aNodeStatus('web', 'running')],
          },
        }),
      ),
    ).toEqual(['shop-north: deploying → running', '  web: starting → running']);
  });

  it('says nothing when nothing changed, and nothing of nodes that drop out of the status', () => {
    const tracker = createProgressTracker();
    const running = anInstance({
      status: { phase: 'running', nodes: [aNodeStatus('web', 'running')] },
    });
    tracker.update(running);

    expect(tracker.update(running)).toEqual([]);
    expect(tracker.update(anInstance({ status: { phase: 'pending' } }))).toEqual([
      'shop-north: running → pending',
    ]);
    expect(tracker.update(running)).toEqual(['shop-north: pending → running']);
  });

  it('shows the reason, a node message, readiness and a change of version', () => {
    const tracker = createProgressTracker();
    tracker.update(anInstance({ version: '1.1.0', status: { phase: 'deploying' } }));
    const web = { ...aNodeStatus('web', 'running', false), message: 'waiting for /healthz' };

    expect(
      tracker.update(
        anInstance({
          version: '1.0.0',
          status: { phase: 'failed', reason: 'not healthy within 60 s', nodes: [web] },
        }),
      ),
    ).toEqual([
      'shop-north: version 1.1.0 → 1.0.0',
      'shop-north: deploying → failed (not healthy within 60 s)',
      '  web: running (not ready): waiting for /healthz',
    ]);
  });

  it('replaces control characters from the server', () => {
    const tracker = createProgressTracker();
    const node = { ...aNodeStatus('web', 'starting'), message: '\u001b[31mred' };

    expect(tracker.update(anInstance({ status: { phase: 'deploying', nodes: [node] } }))).toContain(
      '  web: starting: ?[31mred',
    );
  });
});

describe(statusLine, () => {
  it('shows the phase, the nodes ready and the time so far', () => {
    const instance = anInstance({
      status: {
        phase: 'deploying',
        nodes: [aNodeStatus('migrate', 'completed', false), aNodeStatus('web', 'starting')],
      },
    });

    expect(statusLine(instance, 12_300)).toBe('shop-north deploying · 1/2 ready · 12s');
    expect(statusLine(anInstance(), 61_000)).toBe('shop-north pending · 1m1s');
  });
});
