import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentLogger } from '../../apps/agent/src/agent-logger.js';
import { isRunning, reconcileUntil } from '../../apps/agent/src/engines/driver-contract.js';
import { Reconciler } from '../../apps/agent/src/reconcile/reconciler.js';
import { engineRequest, requireEngine, TEST_IMAGES } from '../harness/engine.js';
import {
  cleanupRun,
  containersWith,
  fastHealth,
  instanceWorkload,
  newRunId,
  startDockerDriver,
  tempDir,
  testNode,
} from '../harness/instance-workloads.js';

/**
 * How the container driver copes when things go wrong on the real engine: crashes and
 * kills, images that do not exist, nodes that never get healthy, init nodes that fail,
 * OOM kills — and that none of it leaks an env value (R12).
 */
const skip = await requireEngine({
  images: [TEST_IMAGES.web, TEST_IMAGES.hang, TEST_IMAGES.init],
});

const canary = 'canary-7f3a9c1e-secret-value';

describe.skipIf(!!skip)('the container driver on the real engine: failures', () => {
  const run = newRunId();
  const owner = `fail-${run}`;
  const stateDir = tempDir();
  const logger = createAgentLogger('error', { write: () => true });
  let h: ReturnType<typeof startDockerDriver>;
  let reconciler: Reconciler;
  const of = (id: string) => h.events.filter((e) => e.workload === id);

  beforeAll(() => {
    h = startDockerDriver({ run, owner, stateDir });
    reconciler = new Reconciler({ drivers: [h.driver], logger });
  });
  afterAll(async () => {
    await h?.driver.close();
    await cleanupRun(run, [stateDir]);
    const leaked = h.events.filter((e) => e.message.includes(canary));
    expect(leaked).toEqual([]);
  });

  it('restarts a killed container and says it was killed', async () => {
    const w = instanceWorkload({
      id: `${run}-kill`,
      instance: `${run}-kill`,
      levels: [['web']],
      nodes: [
        testNode({
          name: 'web',
          image: TEST_IMAGES.web,
          env: { API_KEY: canary },
          ports: [{ name: 'http', port: 8080, protocol: 'tcp' }],
          health: fastHealth({ type: 'http', path: '/healthz', port: 8080 }),
        }),
      ],
    });
    await reconcileUntil(reconciler, [w], (r) => isRunning(r.statuses[0], w.revision), 20_000);
    const killed = await engineRequest(
      'POST',
      `/containers/berth-${run}-kill-web-0/kill?signal=KILL`,
    );
    expect(killed.status).toBe(204);
    const result = await reconcileUntil(
      reconciler,
      [w],
      (r) => isRunning(r.statuses[0], w.revision) && r.statuses[0]!.nodes[0]!.restarts === 1,
      20_000,
    );
    expect(result.statuses[0]!.nodes[0]).toMatchObject({ phase: 'running', restarts: 1 });
    const events = of(w.id).map((e) => `${e.reason}: ${e.message}`);
    expect(events).toContainEqual(
      expect.stringMatching(/^unhealthy: .*web-0 was killed with SIGKILL \(exit 137\)/),
    );
    expect(events).toContainEqual(
      expect.stringMatching(/^restarted: restarted .*web-0 after it was killed .*\(restart 1\)$/),
    );
    await reconciler.reconcile([]);
  });

  it('fails a node whose image does not exist, names the image, and starts nothing', async () => {
    const missing = 'localhost/berth-test/does-not-exist:1';
    const w = instanceWorkload({
      id: `${run}-missing`,
      instance: `${run}-missing`,
      levels: [['api'], ['web']],
      nodes: [
        testNode({ name: 'api', image: missing }),
        testNode({ name: 'web', image: TEST_IMAGES.web }),
      ],
    });
    const result = await reconcileUntil(
      reconciler,
      [w],
      (r) => r.statuses[0]?.nodes[0]?.phase === 'failed',
      30_000,
    );
    expect(result.statuses[0]).toMatchObject({ phase: 'failed', revision: w.revision });
    expect(result.statuses[0]!.nodes[0]!.message).toContain(`cannot pull image ${missing}`);
    expect(result.statuses[0]!.nodes[1]).toMatchObject({
      name: 'web',
      phase: 'pending',
      ready: false,
    });
    const failed = of(w.id).filter((e) => e.reason === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toContain(missing);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await containersWith(`berth.agent=${owner}`, `berth.instance=${w.id}`)).toEqual([]);
    await reconciler.reconcile([]);
  });

  it('fails a node whose container name is taken by a container it does not own, and leaves that one alone', async () => {
    const name = `berth-${run}-taken-web-0`;
    const foreign = await engineRequest<{ Id: string }>('POST', `/containers/create?name=${name}`, {
      Image: TEST_IMAGES.web,
      Labels: { 'berth.test': run },
    });
    expect(foreign.status).toBe(201);
    const w = instanceWorkload({
      id: `${run}-taken`,
      instance: `${run}-taken`,
      levels: [['web']],
      nodes: [testNode({ name: 'web', image: TEST_IMAGES.web })],
    });
    const result = await reconcileUntil(
      reconciler,
      [w],
      (r) => r.statuses[0]?.nodes[0]?.phase === 'failed',
      30_000,
    );
    expect(result.statuses[0]!.nodes[0]!.message).toContain(
      `a container named ${name} exists and is not managed by this agent`,
    );
    await reconciler.reconcile([]);
    const still = await engineRequest<{ Id: string }>('GET', `/containers/${name}/json`);
    expect(still.body.Id).toBe(foreign.body.Id);
  });

  it('restarts a node that never gets healthy, with growing delays', async () => {
    const w = instanceWorkload({
      id: `${run}-hang`,
      instance: `${run}-hang`,
      levels: [['web']],
      nodes: [
        testNode({
          name: 'web',
          image: TEST_IMAGES.hang,
          ports: [{ name: 'http', port: 8080, protocol: 'tcp' }],
          health: fastHealth(
            { type: 'http', path: '/healthz', port: 8080 },
            { failureThreshold: 1 },
          ),
        }),
      ],
    });
    await reconcileUntil(
      reconciler,
      [w],
      () => of(w.id).filter((e) => e.reason === 'restarted').length >= 3,
      45_000,
    );
    const unhealthy = of(w.id)
      .filter((e) => e.reason === 'unhealthy')
      .map((e) => e.message);
    // The first probe comes right after the start: a slow machine may meet the server
    // before it listens (connection refused) rather than its 500.
    expect(unhealthy[0]).toMatch(
      /failed its health check 1 time\(s\) in a row: GET http:\/\/.*\/healthz: (500|connect ECONNREFUSED \S+); restarting in 0 s$/,
    );
    expect(unhealthy.some((m) => /\/healthz: 500; /.test(m))).toBe(true);
    expect(unhealthy.slice(0, 3).map((m) => /restarting in (\S+) s$/.exec(m)?.[1])).toEqual([
      '0',
      '1',
      '2',
    ]);
    const at = of(w.id)
      .filter((e) => e.reason === 'restarted')
      .map((e) => e.at);
    expect(at[2]! - at[1]!).toBeGreaterThan(at[1]! - at[0]!);
    const status = (await reconciler.reconcile([w])).statuses[0]!;
    expect(status.nodes[0]!.restarts).toBeGreaterThanOrEqual(3);
    expect(['unhealthy', 'starting']).toContain(status.nodes[0]!.phase);
    await reconciler.reconcile([]);
  });

  it('fails an init node with its exit code and last lines, starts none of its dependents, and reruns it only for a new revision', async () => {
    const make = (greeting: string) =>
      instanceWorkload({
        id: `${run}-init`,
        instance: `${run}-init`,
        levels: [['migrate'], ['web']],
        nodes: [
          testNode({
            name: 'migrate',
            kind: 'init',
            image: TEST_IMAGES.init,
            env: { FAIL: '1', DB_PASSWORD: canary },
          }),
          testNode({ name: 'web', image: TEST_IMAGES.web, env: { GREETING: greeting } }),
        ],
      });
    const w = make('one');
    const result = await reconcileUntil(
      reconciler,
      [w],
      (r) => r.statuses[0]?.nodes[0]?.phase === 'failed',
      20_000,
    );
    const message = result.statuses[0]!.nodes[0]!.message!;
    expect(message).toMatch(/^exited with code 1; last output: .*init: failing because FAIL=1/);
    expect(JSON.stringify(result.statuses)).not.toContain(canary);
    expect(result.statuses[0]!.nodes[1]).toMatchObject({ name: 'web', phase: 'pending' });
    const initFailed = of(w.id).filter((e) => e.reason === 'init-failed');
    expect(initFailed).toHaveLength(1);
    expect(initFailed[0]!.message).toContain('init node migrate exited with code 1');
    const first = await containersWith(`berth.agent=${owner}`, `berth.instance=${w.id}`);
    expect(first.map((c) => c.Names[0])).toEqual([`/berth-${run}-init-migrate-0`]);

    await new Promise((r) => setTimeout(r, 1500));
    await reconciler.reconcile([w]);
    const same = await containersWith(`berth.agent=${owner}`, `berth.instance=${w.id}`);
    expect(same.map((c) => c.Id)).toEqual(first.map((c) => c.Id));

    const next = make('two');
    await reconcileUntil(
      reconciler,
      [next],
      () => of(w.id).filter((e) => e.reason === 'init-failed').length === 2,
      20_000,
    );
    const rerun = await containersWith(`berth.agent=${owner}`, `berth.instance=${w.id}`);
    expect(rerun.map((c) => c.Id)).not.toEqual(first.map((c) => c.Id));
    await reconciler.reconcile([]);
  });

  it('reports an out-of-memory kill as such', async () => {
    const w = instanceWorkload({
      id: `${run}-oom`,
      instance: `${run}-oom`,
      levels: [['hog']],
      nodes: [
        testNode({
          name: 'hog',
          image: TEST_IMAGES.web,
          command: ['tail', '-c', '200000000', '/dev/zero'],
          resources: { memoryMi: 32 },
        }),
      ],
    });
    await reconcileUntil(
      reconciler,
      [w],
      () => of(w.id).some((e) => e.reason === 'oom-killed'),
      30_000,
    );
    const oom = of(w.id).find((e) => e.reason === 'oom-killed')!;
    expect(oom.message).toMatch(/out of memory.*32 Mi/);
    await reconciler.reconcile([]);
  });
});
