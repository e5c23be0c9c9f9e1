import { agentCloseCodes, type InstanceWorkloadSpec, type ServerMessage } from '@berth/spec';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSimNode, SimAgent } from '../../../../test/harness/sim-agent.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { TestClock } from '../testing/test-clock.js';

/**
 * The instance lifecycle against a simulated host: the agent here reports whatever the
 * test tells it to (all healthy, a node failing…), so the control plane's side —
 * placement, secrets, phases, deadlines, rollback, deletion — is tested without an
 * engine. The real container driver has its own end-to-end tests.
 */

type Behaviour = (
  node: InstanceWorkloadSpec['nodes'][number],
  spec: InstanceWorkloadSpec,
) => { phase: string; ready: boolean; message?: string };
const healthy: Behaviour = (n) =>
  n.kind === 'init' ? { phase: 'completed', ready: false } : { phase: 'running', ready: true };

/** See beforeAll: long enough that no sweep runs while the tests move the clock. */
const sweepIntervalMs = 3_600_000;

describe('instances', () => {
  let t: TestApp;
  let url: string;
  let op: string;
  let dev: string;
  let behaviour: Behaviour = healthy;
  const clock = new TestClock(Date.now());
  const agents: SimAgent[] = [];
  const received: InstanceWorkloadSpec[] = [];

  function report(agent: SimAgent, message: ServerMessage) {
    if (message.type !== 'desired') return;
    agent.send({
      type: 'status',
      generation: message.generation,
      workloads: message.workloads.map((w) => {
        const spec = w.spec as InstanceWorkloadSpec;
        received.push(spec);
        return {
          id: w.id,
          revision: w.revision,
          phase: 'reported',
          nodes: spec.nodes.map((n) => ({
            name: n.name,
            restarts: 0,
            endpoints: [],
            ...(spec.stopped ? { phase: 'stopped', ready: false } : behaviour(n, spec)),
          })),
        };
      }),
    });
  }

  const api = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    token = op,
  ) => t.call(method, `/api/v1${path}`, { token, account: 'acme', body });

  async function eventually<T>(
    check: () => Promise<T | undefined | false>,
    // Generous: a loaded CI machine (two full suites, engines) stretches every round trip.
    timeoutMs = 20_000,
  ): Promise<T> {
    const start = Date.now();
    for (;;) {
      await t.services.fleet.flush();
      await t.services.instanceController.tick();
      const value = await check();
      if (value) return value;
      if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const phaseIs = (name: string, phase: string) => async () => {
    const res = await api('GET', `/instances/${name}`);
    return res.json().status.phase === phase ? res.json() : undefined;
  };

  async function publish(app: string, version: string, spec: unknown, from?: string) {
    await api(
      'POST',
      `/apps/${app}/versions`,
      from ? { version, kind: 'upgrade', from } : { version, kind: 'initial' },
      dev,
    );
    const etag = (await api('GET', `/apps/${app}/versions/${version}`, undefined, dev)).headers
      .etag as string;
    const put = await t.call('PUT', `/api/v1/apps/${app}/versions/${version}/spec`, {
      token: dev,
      account: 'acme',
      body: spec,
      headers: { 'if-match': etag },
    });
    if (put.statusCode !== 200) throw new Error(put.body);
    await api('POST', `/apps/${app}/versions/${version}/publish`, undefined, dev);
  }

  const shopSpec = (tag: string) => ({
    parameters: [
      { name: 'site', type: 'string', default: 'north', pattern: '^[a-z]+$' },
      { name: 'apiKey', type: 'string', secret: true },
    ],
    nodes: [
      { name: 'db', kind: 'middleware', template: 'redis', version: '7.2' },
      {
        name: 'migrate',
        kind: 'init',
        image: 'localhost/shop-migrate:1',
        dependsOn: ['db'],
        env: { DB: '${db.host}' },
      },
      {
        name: 'web',
        kind: 'custom',
        image: `localhost/shop-web:${tag}`,
        ports: [{ name: 'http', port: 8080, expose: true, serviceType: 'LoadBalancer' }],
        env: { SITE: '${params.site}', KEY: '${params.apiKey}', DB_HOST: '${db.host}' },
        resources: { cpu: '500m', memory: '256Mi' },
        dependsOn: ['migrate'],
      },
    ],
  });

  beforeAll(async () => {
    t = await TestApp.create(templates(), {
      clock,
      controllerIntervalMs: 3_600_000,
      // The tests move the clock minutes ahead (deadlines, rollbacks); the fleet's heartbeat
      // sweep reads the same clock and would cut the agent's session whenever it ran before
      // the next heartbeat — under a loaded CI run it did, and every later test waited in
      // vain. Sessions here end only when a test closes them.
      fleet: { writeIntervalMs: 20, sweepIntervalMs },
    });
    url = await t.listen();
    await t.createAccount('acme');
    op = await t.member('acme', 'olga', 'operator');
    dev = await t.member('acme', 'dev', 'developer');
    await api('POST', '/clusters', { name: 'north', type: 'edge' });
    const node = (await api('POST', '/clusters/north/nodes', { name: 'gate-01' })).json();
    const agent = new SimAgent(url, await joinSimNode(url, 'gate-01', node.join.token), {
      onMessage: (m, a) => report(a, m),
    });
    agents.push(agent);
    await agent.connect();
    await api(
      'POST',
      '/apps',
      { name: 'shop', distribution: 'instance', deployment: 'edge-hosted' },
      dev,
    );
    await publish('shop', '1.0.0', shopSpec('1'));
    await publish('shop', '1.1.0', shopSpec('2'), '1.0.0');
  });
  afterAll(async () => {
    for (const a of agents) a.close();
    await t.close();
  });

  it('deploys a published version: 202 at once, then running once the host reports healthy', async () => {
    const res = await api('POST', '/instances', {
      name: 'shop-north',
      app: 'shop',
      version: '1.0.0',
      cluster: 'north',
      params: { apiKey: 'CANARY-key-93f1' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      name: 'shop-north',
      app: 'shop',
      version: '1.0.0',
      cluster: 'north',
      node: 'gate-01',
      state: 'running',
      params: { site: 'north' },
    });
    expect(['pending', 'deploying']).toContain(res.json().status.phase);
    const running = await eventually(phaseIs('shop-north', 'running'));
    expect(running.status.nodes.map((n: { name: string }) => n.name).sort()).toEqual([
      'db',
      'migrate',
      'web',
    ]);
    const spec = received.at(-1)!;
    expect(spec.levels).toEqual([['db'], ['migrate'], ['web']]);
    const web = spec.nodes.find((n) => n.name === 'web')!;
    expect(web.env).toMatchObject({ SITE: 'north', KEY: 'CANARY-key-93f1', DB_HOST: 'db' });
    expect(web.ports[0]).toMatchObject({ port: 8080, hostPort: 8080 });
    // The phase is read from the host's report as it lands; the controller records the
    // event on its next look (a changed report is written within milliseconds, so GET can
    // show running a tick before the event exists).
    const events = await eventually(async () => {
      const reasons = (await api('GET', '/instances/shop-north/events'))
        .json()
        .items.map((e: { reason: string }) => e.reason);
      return reasons.includes('Running') ? reasons : undefined;
    });
    expect(events).toEqual(expect.arrayContaining(['Created', 'Running']));
  });

  it('keeps secret parameters out of the API, the database rows and the events', async () => {
    const got = await api('GET', '/instances/shop-north');
    expect(got.body).not.toContain('CANARY-key-93f1');
    expect(got.json().params).not.toHaveProperty('apiKey');
    const dump =
      JSON.stringify(await t.db.execute(sql`select * from instances`)) +
      JSON.stringify(await t.db.execute(sql`select * from secrets`));
    expect(dump).not.toContain('CANARY-key-93f1');
    expect((await api('GET', '/instances/shop-north/events')).body).not.toContain(
      'CANARY-key-93f1',
    );
  });

  it('refuses drafts, bad parameters, unknown clusters and a taken name, clearly', async () => {
    await api(
      'POST',
      '/apps/shop/versions',
      { version: '1.2.0', kind: 'upgrade', from: '1.1.0' },
      dev,
    );
    const draft = await api('POST', '/instances', {
      name: 'x1',
      app: 'shop',
      version: '1.2.0',
      cluster: 'north',
      params: { apiKey: 'k' },
    });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().code).toBe('version_not_published');
    const bad = await api('POST', '/instances', {
      name: 'x2',
      app: 'shop',
      version: '1.0.0',
      cluster: 'north',
      params: { site: 'North 1', extra: 1 },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['params.apiKey', 'params.extra', 'params.site']);
    expect(
      (
        await api('POST', '/instances', {
          name: 'x3',
          app: 'shop',
          version: '1.0.0',
          cluster: 'nowhere',
          params: { apiKey: 'k' },
        })
      ).statusCode,
    ).toBe(404);
    const dup = await api('POST', '/instances', {
      name: 'shop-north',
      app: 'shop',
      version: '1.0.0',
      cluster: 'north',
      params: { apiKey: 'k' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it("refuses a deployment beyond the hosts' resources, with the numbers", async () => {
    await api(
      'POST',
      '/apps',
      { name: 'big', distribution: 'instance', deployment: 'edge-hosted' },
      dev,
    );
    await publish('big', '1.0.0', {
      nodes: [
        {
          name: 'hog',
          kind: 'custom',
          image: 'localhost/hog:1',
          resources: { cpu: '64', memory: '512Gi' },
        },
      ],
    });
    const res = await api('POST', '/instances', {
      name: 'hog',
      app: 'big',
      version: '1.0.0',
      cluster: 'north',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('insufficient_resources');
    expect(res.json().detail).toContain('64000m CPU and 524288Mi memory');
  });

  it('upgrades, recreating only what changed, and rolls back by itself when the new version fails', async () => {
    behaviour = (n, spec) =>
      n.name === 'web' && spec.version === '1.1.0'
        ? { phase: 'unhealthy', ready: false, message: 'healthz 500' }
        : healthy(n, spec);
    const before = received.at(-1)!;
    const res = await api('POST', '/instances/shop-north/upgrade', { version: '1.1.0' });
    expect(res.statusCode).toBe(202);
    await eventually(async () => received.at(-1)?.version === '1.1.0');
    const upgraded = received.at(-1)!;
    const hashes = (s: InstanceWorkloadSpec) =>
      Object.fromEntries(s.nodes.map((n) => [n.name, n.hash]));
    expect(hashes(upgraded).db).toBe(hashes(before).db);
    expect(hashes(upgraded).web).not.toBe(hashes(before).web);
    clock.advance(301_000);
    const back = await eventually(async () => {
      const r = (await api('GET', '/instances/shop-north')).json();
      return r.version === '1.0.0' && r.status.phase === 'running' ? r : undefined;
    });
    expect(back.previousVersion).toBe('1.1.0');
    const events = (await api('GET', '/instances/shop-north/events')).json().items as {
      reason: string;
      message: string;
    }[];
    expect(events.find((e) => e.reason === 'RolledBack')?.message).toContain(
      'because 1.1.0 failed',
    );
    expect(events.find((e) => e.reason === 'UpgradeFailed')?.message).toContain(
      'web (unhealthy: healthz 500)',
    );
    // The version "before" is now the failed one: a rollback by hand would repeat it.
    const again = await api('POST', '/instances/shop-north/rollback');
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('was rolled back from 1.1.0, which failed');
    behaviour = healthy;
  });

  it('scales a node, stops and starts the instance', async () => {
    await api('POST', '/instances/shop-north/scale', { node: 'web', replicas: 3 });
    await eventually(
      async () => received.at(-1)?.nodes.find((n) => n.name === 'web')?.replicas === 3,
    );
    const refused = await api('POST', '/instances/shop-north/scale', {
      node: 'migrate',
      replicas: 2,
    });
    expect(refused.statusCode).toBe(422);
    await api('POST', '/instances/shop-north/stop');
    await eventually(phaseIs('shop-north', 'stopped'));
    expect(received.at(-1)!.stopped).toBe(true);
    await api('POST', '/instances/shop-north/start');
    await eventually(phaseIs('shop-north', 'running'));
  });

  it('refuses a second instance that would bind a host port already taken, until it is free', async () => {
    const deploy = () =>
      api('POST', '/instances', {
        name: 'twin',
        app: 'shop',
        version: '1.0.0',
        cluster: 'north',
        params: { apiKey: 'k' },
      });
    const refused = await deploy();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'host_port_in_use' });
    expect(refused.json().detail).toContain('Host port 8080/tcp is already in use');
    expect(refused.json().detail).toContain('gate-01');
    expect((await api('GET', '/instances/twin')).statusCode).toBe(404);
    await api('DELETE', '/instances/shop-north');
    await eventually(async () => (await api('GET', '/instances/shop-north')).statusCode === 404);
    const placed = await deploy();
    expect(placed.statusCode).toBe(202);
    await api('DELETE', '/instances/twin');
    await eventually(async () => (await api('GET', '/instances/twin')).statusCode === 404);
  });

  it('fails a deployment that is not healthy within its deadline, saying why', async () => {
    behaviour = (n) =>
      n.name === 'web'
        ? { phase: 'starting', ready: false, message: 'waiting for /healthz' }
        : healthy(n, received.at(-1)!);
    await api('POST', '/instances', {
      name: 'slow',
      app: 'shop',
      version: '1.0.0',
      cluster: 'north',
      params: { apiKey: 'k' },
      deadlineSeconds: 60,
    });
    await eventually(phaseIs('slow', 'deploying'));
    clock.advance(61_000);
    const failed = await eventually(phaseIs('slow', 'failed'));
    expect(failed.status.reason).toContain(
      'not healthy within 60 s: web (starting: waiting for /healthz)',
    );
    behaviour = healthy;
  });

  it('deletes an instance once its host has removed it', async () => {
    const res = await api('DELETE', '/instances/slow');
    expect(res.json().status.phase).toBe('deleting');
    await eventually(async () => (await api('GET', '/instances/slow')).statusCode === 404);
  });

  it('refuses to deploy to a cluster whose hosts are all offline', async () => {
    agents[0]!.close();
    // Past offlineAfterMs: three missed heartbeats, a write and a sweep interval.
    clock.advance(sweepIntervalMs + 60_000);
    await eventually(
      async () => !t.services.fleet.sessions.isConnected(agents[0]!.identity.nodeId),
    );
    const res = await api('POST', '/instances', {
      name: 'late',
      app: 'shop',
      version: '1.0.0',
      cluster: 'north',
      params: { apiKey: 'k' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('cluster_offline');
    expect(agents[0]!.closeCode).not.toBe(agentCloseCodes.revoked);
  });
});
