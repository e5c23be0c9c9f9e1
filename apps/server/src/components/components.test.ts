import type { InstanceWorkloadSpec, ServerMessage } from '@berth/spec';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSimNode, SimAgent } from '../../../../test/harness/sim-agent.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { TestClock } from '../testing/test-clock.js';

/**
 * Base components of an appliance cluster against simulated hosts: each host reports
 * what the test tells it (running, or a container failing), so the control plane's side
 * — which hosts get which workload, and the status read from the reports — is tested
 * without an engine. The container driver that runs the workload is the instances' one.
 */

type Report = { phase: string; ready: boolean; message?: string };

describe('cluster components', () => {
  let t: TestApp;
  let url: string;
  let op: string;
  const clock = new TestClock(Date.now());
  const agents: SimAgent[] = [];
  /** What each host reports for every container it is given, by host name. */
  const behaviour = new Map<string, Report>();
  /** The component workloads each host received, by host name. */
  const received = new Map<string, { id: string; kind: string; spec: InstanceWorkloadSpec }[]>();

  const api = (method: 'GET' | 'POST', path: string, body?: unknown, token = op) =>
    t.call(method, `/api/v1${path}`, { token, account: 'acme', body });

  function reporter(host: string) {
    return (message: ServerMessage, agent: SimAgent) => {
      if (message.type !== 'desired') return;
      received.set(
        host,
        message.workloads.map((w) => ({
          id: w.id,
          kind: w.kind,
          spec: w.spec as InstanceWorkloadSpec,
        })),
      );
      const report = behaviour.get(host) ?? { phase: 'running', ready: true };
      agent.send({
        type: 'status',
        generation: message.generation,
        workloads: message.workloads.map((w) => ({
          id: w.id,
          revision: w.revision,
          phase: 'reported',
          nodes: (w.spec as InstanceWorkloadSpec).nodes.map((n) => ({
            name: n.name,
            restarts: 0,
            endpoints: [],
            ...report,
          })),
        })),
      });
    };
  }

  async function host(cluster: string, name: string) {
    const node = (await api('POST', `/clusters/${cluster}/nodes`, { name })).json();
    const agent = new SimAgent(url, await joinSimNode(url, name, node.join.token), {
      onMessage: reporter(name),
    });
    agents.push(agent);
    await agent.connect();
    return agent;
  }

  async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
    const start = Date.now();
    for (;;) {
      await t.services.fleet.flush();
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const statusIs = (cluster: string, component: string, status: string) => async () => {
    const res = await api('GET', `/clusters/${cluster}/components/${component}`);
    return res.json().status === status ? res.json() : undefined;
  };
  const rowsOf = async <T>(query: ReturnType<typeof sql>) =>
    ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;
  const generationOf = async (node: string) =>
    (
      await rowsOf<{ g: number }>(
        sql`select desired_generation as g from nodes where name = ${node}`,
      )
    )[0]?.g;

  beforeAll(async () => {
    t = await TestApp.create(templates(), { clock, fleet: { writeIntervalMs: 20 } });
    url = await t.listen();
    await t.createAccount('acme');
    op = await t.member('acme', 'olga', 'operator');
    await api('POST', '/clusters', { name: 'plant', type: 'edge-appliance' });
    await api('POST', '/clusters', { name: 'north', type: 'edge' });
    await host('plant', 'box-01');
  });
  afterAll(async () => {
    for (const a of agents) a.close();
    await t.close();
  });

  it('lists the catalog as not initialised on a new appliance cluster', async () => {
    const res = await api('GET', '/clusters/plant/components');

    expect(res.statusCode).toBe(200);
    const items = res.json().items as { name: string; status: string; nodes: unknown[] }[];
    expect(items.map((c) => c.name)).toEqual(
      expect.arrayContaining(['mqtt-broker', 'monitoring', 'log-collector', 'registry-mirror']),
    );
    for (const c of items)
      expect(c, c.name).toMatchObject({ status: 'not-initialised', nodes: [] });
  });

  it('initialises a component on every host: 202 at once, ready once the host reports it running', async () => {
    const res = await api('POST', '/clusters/plant/components/mqtt-broker/initialise');

    expect(res.statusCode).toBe(202);
    expect(['initialising', 'ready']).toContain(res.json().status);
    expect(res.json().nodes.map((n: { node: string }) => n.node)).toEqual(['box-01']);
    const ready = await eventually(statusIs('plant', 'mqtt-broker', 'ready'));
    expect(ready.nodes).toEqual([
      { node: 'box-01', phase: 'running', initialisedAt: expect.any(String) },
    ]);
    // The host got it as an ordinary instance workload: the container driver runs it.
    const workload = received.get('box-01')?.find((w) => w.id === 'component-mqtt-broker');
    expect(workload?.kind).toBe('instance');
    expect(workload?.spec.nodes[0]).toMatchObject({
      image: 'docker.io/library/eclipse-mosquitto:2.0.18',
      ports: [{ port: 1883, hostPort: 1883 }],
    });
    const list = (await api('GET', '/clusters/plant/components')).json().items;
    const others = list.filter((c: { name: string }) => c.name !== 'mqtt-broker');
    for (const c of others) expect(c.status, c.name).toBe('not-initialised');
  });

  it('initialises again without changing anything on the hosts that have it', async () => {
    const before = await generationOf('box-01');
    const first = (await api('GET', '/clusters/plant/components/mqtt-broker')).json();

    const again = await api('POST', '/clusters/plant/components/mqtt-broker/initialise', {});

    expect(again.statusCode).toBe(202);
    expect(again.json().status).toBe('ready');
    expect(again.json().nodes).toEqual(first.nodes); // the same initialisedAt: no restart
    expect(await generationOf('box-01')).toBe(before);
  });

  it('shows degraded when one host runs it and another reports it failed, naming the failure', async () => {
    behaviour.set('box-02', { phase: 'failed', ready: false, message: 'image pull failed' });
    await host('plant', 'box-02');

    const res = await api('POST', '/clusters/plant/components/mqtt-broker/initialise', {
      nodes: ['box-02'],
    });

    expect(res.statusCode).toBe(202);
    const degraded = await eventually(statusIs('plant', 'mqtt-broker', 'degraded'));
    expect(degraded.nodes).toEqual([
      expect.objectContaining({ node: 'box-01', phase: 'running' }),
      expect.objectContaining({
        node: 'box-02',
        phase: 'failed',
        message: 'mosquitto (failed: image pull failed)',
      }),
    ]);
  });

  it('shows failed when the only host it was initialised on reports it failed', async () => {
    const res = await api('POST', '/clusters/plant/components/log-collector/initialise', {
      nodes: ['box-02'],
    });

    expect(res.statusCode).toBe(202);
    const failed = await eventually(statusIs('plant', 'log-collector', 'failed'));
    expect(failed.nodes).toEqual([expect.objectContaining({ node: 'box-02', phase: 'failed' })]);
  });

  it('names an unknown node in the body (422) and answers 404 for an unknown component', async () => {
    const badNode = await api('POST', '/clusters/plant/components/monitoring/initialise', {
      nodes: ['box-01', 'box-99'],
    });
    const badComponent = await api('POST', '/clusters/plant/components/kafka/initialise');

    expect(badNode.statusCode).toBe(422);
    expect(badNode.json().errors).toEqual([
      { path: 'nodes[1]', in: 'body', message: 'is not a node of cluster "plant"' },
    ]);
    expect(badComponent.statusCode).toBe(404);
    expect(badComponent.json().detail).toContain('mqtt-broker');
    expect((await api('GET', '/clusters/plant/components/monitoring')).json().status).toBe(
      'not-initialised',
    );
  });

  it('refuses components on a cluster that is not an edge appliance, saying so', async () => {
    for (const [method, path] of [
      ['GET', '/clusters/north/components'],
      ['GET', '/clusters/north/components/mqtt-broker'],
      ['POST', '/clusters/north/components/mqtt-broker/initialise'],
    ] as const) {
      const res = await api(method, path);
      expect(res.statusCode, path).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'not_an_appliance' });
      expect(res.json().detail).toContain('edge-appliance');
    }
  });

  it("answers 404 for another account's appliance, and lets a viewer read but not initialise", async () => {
    await t.createAccount('globex');
    const other = await t.member('globex', 'gus', 'owner');
    const viewer = await t.member('acme', 'vera', 'viewer');

    const foreign = await t.call('GET', '/api/v1/clusters/plant/components', { token: other });
    const read = await api('GET', '/clusters/plant/components', undefined, viewer);
    const init = await api(
      'POST',
      '/clusters/plant/components/monitoring/initialise',
      undefined,
      viewer,
    );

    expect(foreign.statusCode).toBe(404);
    expect(read.statusCode).toBe(200);
    expect(init.statusCode).toBe(403);
  });

  it('audits initialisations with their action', async () => {
    const rows = await rowsOf(
      sql`select action, target, result from audit_events where action = 'clusters.components.initialise' order by id`,
    );
    expect(rows[0]).toEqual({
      action: 'clusters.components.initialise',
      target: 'clusters/plant/components/mqtt-broker/initialise',
      result: 'success',
    });
  });
});
