import type { Instance } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { aNodeStatus, anEvent, anInstance } from '../testing/fixtures.js';
import {
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
  type SeenRequest,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

/** Answers the action with `started`, then each read with `reads` in turn (the last for ever). */
function action(started: Instance, reads: (Instance | Response)[], events = [] as unknown[]) {
  let read = 0;
  return (request: SeenRequest) => {
    if (request.method !== 'GET') return jsonAnswer(202, started);
    if (request.path.includes('/events')) return jsonAnswer(200, { items: events });
    const answer = reads[Math.min(read++, reads.length - 1)]!;
    return answer instanceof Response ? answer : jsonAnswer(200, answer);
  };
}

const running = anInstance({
  status: {
    phase: 'running',
    nodes: [aNodeStatus('db', 'running'), aNodeStatus('web', 'running')],
  },
});

describe('berth instances', () => {
  it('lists instances with their phase and how many nodes are ready', async () => {
    const run = await berth(['instances', 'list'], {
      answer: () => jsonAnswer(200, { items: [running], nextCursor: null }),
    });

    expect(run.stdout).toMatch(
      /^shop-north\s+shop\s+1\.0\.0\s+north\s+gate-01\s+running\s+2\/2\s+\d{4}-/m,
    );
  });

  it('shows an instance with its details and a row per node', async () => {
    const failing = anInstance({
      previousVersion: '0.9.0',
      status: {
        phase: 'degraded',
        reason: 'web (unhealthy: healthz 500)',
        nodes: [
          aNodeStatus('db', 'running'),
          { ...aNodeStatus('web', 'unhealthy', false), restarts: 3, message: 'healthz 500' },
        ],
      },
    });
    const run = await berth(['instances', 'get', 'shop-north'], {
      answer: () => jsonAnswer(200, failing),
    });

    expect(run.stdout).toMatch(/^Phase:\s+degraded$/m);
    expect(run.stdout).toMatch(/^Reason:\s+web \(unhealthy: healthz 500\)$/m);
    expect(run.stdout).toMatch(/^Previous version:\s+0\.9\.0$/m);
    expect(run.stdout).toMatch(/^Ready:\s+1\/2$/m);
    expect(run.stdout).toMatch(/^Parameters:\s+site=north$/m);
    expect(run.stdout).toMatch(/^Resources:\s+500m CPU, 256Mi memory$/m);
    expect(run.stdout).toMatch(/^NODE\s+PHASE\s+READY\s+RESTARTS\s+ENDPOINTS\s+MESSAGE$/m);
    expect(run.stdout).toMatch(/^web\s+unhealthy\s+no\s+3\s+<none>\s+healthz 500$/m);
  });

  it('exits 5 for an unknown instance', async () => {
    const run = await berth(['instances', 'get', 'nope'], {
      answer: () => problemAnswer(404, 'not_found'),
    });

    expect(run.code).toBe(5);
  });

  it('upgrades and, with --wait, exits 10 when the upgrade is rolled back', async () => {
    const started = anInstance({ version: '1.1.0', previousVersion: '1.0.0' });
    const back = anInstance({
      version: '1.0.0',
      previousVersion: '1.1.0',
      status: { phase: 'running' },
    });
    const failed = anEvent({
      time: '2025-01-01T12:00:03.000Z',
      reason: 'UpgradeFailed',
      message: '1.1.0: web (unhealthy: healthz 500)',
    });
    const run = await berth(['instances', 'upgrade', 'shop-north', '1.1.0', '--wait'], {
      answer: action(started, [started, back], [failed]),
    });

    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/instances/shop-north/upgrade',
      body: { version: '1.1.0' },
    });
    expect(run.code).toBe(10);
    expect(run.stderr).toMatch(/^Upgrading instance "shop-north" from 1\.0\.0 to 1\.1\.0\.$/m);
    expect(run.stderr).toContain(
      'error: deployment failed: 1.1.0: web (unhealthy: healthz 500); rolled back to 1.0.0',
    );
  });

  it('upgrades with --wait and exits 0 once running at the new version', async () => {
    const started = anInstance({ version: '1.1.0', previousVersion: '1.0.0' });
    const done = anInstance({
      version: '1.1.0',
      previousVersion: '1.0.0',
      status: { phase: 'running' },
    });
    const run = await berth(['instances', 'upgrade', 'shop-north', '1.1.0', '--wait'], {
      answer: action(started, [started, done]),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^shop-north\s+shop\s+1\.1\.0\s.*\brunning\b/m);
  });

  it('scales a node of the app, checking the count before any request', async () => {
    const run = await berth(['instances', 'scale', 'shop-north', 'web', '3'], {
      answer: () => jsonAnswer(202, anInstance()),
    });
    const bad = await berth(['instances', 'scale', 'shop-north', 'web', 'many']);

    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/instances/shop-north/scale',
      body: { node: 'web', replicas: 3 },
    });
    expect(run.stderr).toBe('Scaling node web of instance "shop-north" to 3.\n');
    expect(bad.code).toBe(2);
    expect(bad.requests).toEqual([]);
  });

  it('stops with --wait until stopped, and starts, rolls back without waiting', async () => {
    const stop = await berth(['instances', 'stop', 'shop-north', '--wait'], {
      answer: action(anInstance({ state: 'stopped' }), [
        anInstance({ state: 'stopped', status: { phase: 'deploying' } }),
        anInstance({ state: 'stopped', status: { phase: 'stopped' } }),
      ]),
    });
    const start = await berth(['instances', 'start', 'shop-north'], {
      answer: () => jsonAnswer(202, anInstance()),
    });
    const rollback = await berth(['instances', 'rollback', 'shop-north'], {
      answer: () => jsonAnswer(202, anInstance({ version: '0.9.0' })),
    });

    expect(stop.code).toBe(0);
    expect(stop.stderr).toContain('shop-north: deploying → stopped');
    expect(start.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/instances/shop-north/start',
    ]);
    expect(rollback.stderr).toBe('Rolling instance "shop-north" back to 0.9.0.\n');
  });

  it('deletes with --yes --keep-data --wait until the instance answers 404', async () => {
    const deleting = anInstance({ state: 'deleting', status: { phase: 'deleting' } });
    const run = await berth(
      ['instances', 'delete', 'shop-north', '--yes', '--keep-data', '--wait', '-o', 'json'],
      { answer: action(deleting, [deleting, problemAnswer(404, 'not_found')]) },
    );

    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/instances/shop-north?keepData=true',
    });
    expect(run.stderr).toContain('shop-north: deleted\n');
    expect(JSON.parse(run.stdout)).toEqual({ name: 'shop-north', deleted: true });
  });

  it('asks before deleting on a terminal, and refuses without one', async () => {
    const asked = await berth(['instances', 'delete', 'shop-north'], {
      prompts: ['yes'],
      answer: () => jsonAnswer(202, anInstance({ status: { phase: 'deleting' } })),
    });
    const refused = await berth(['instances', 'delete', 'shop-north']);

    expect(asked.prompts).toEqual(['Delete instance "shop-north" and its data? [y/N]']);
    expect(asked.requests[0]?.path).toBe('/api/v1/instances/shop-north?keepData=false');
    expect(refused.code).toBe(2);
    expect(refused.requests).toEqual([]);
  });

  it('exits 6 when the instance is already being deleted', async () => {
    const run = await berth(['instances', 'stop', 'shop-north'], {
      answer: () => problemAnswer(409, 'instance_deleting'),
    });

    expect(run.code).toBe(6);
  });
});
