import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../../apps/server/src/testing/templates.js';
import type { InstanceWorkloadSpec, ServerMessage } from '../../packages/spec/src/index.js';
import { ServerProcess } from '../harness/server-process.js';
import { joinSimNode, SimAgent } from '../harness/sim-agent.js';

/**
 * R21: the control plane killed -9 at random points of a rollout to 20 agents. The
 * rollout resumes, every agent ends on the target, nothing is duplicated. The hosts are
 * simulated agents that run what they are told at once (a real host's engine work is not
 * what is under test here; test/e2e/example-app.test.ts does that). The kill points come
 * from a seed printed with the test, so a failure can be replayed with R21_SEED.
 */

const hosts = 20;
const seed = Number(process.env.R21_SEED ?? Date.now() % 100_000);
let state = seed;
/** A small seeded generator (mulberry32): the same seed, the same kill points. */
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

let server: ServerProcess;
let token: string;
const sims: SimAgent[] = [];
const password = 'rollout test passphrase';

async function call(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      'berth-account': 'acme',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Like `call`, but a refused connection (the server is down) is retried until it answers. */
async function callThrough(method: string, path: string, body?: unknown) {
  for (;;) {
    try {
      return await call(method, path, body);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms (R21_SEED=${seed})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A host that runs whatever it is told at once, and says so on every new session. */
function host(): (message: ServerMessage, agent: SimAgent) => void {
  let last: object | undefined;
  return (message, agent) => {
    if (message.type === 'welcome' && last) agent.send(last);
    if (message.type !== 'desired') return;
    last = {
      type: 'status',
      generation: message.generation,
      workloads: message.workloads.map((w) => ({
        id: w.id,
        revision: w.revision,
        phase: 'reported',
        nodes: (w.spec as InstanceWorkloadSpec).nodes.map((n) => ({
          name: n.name,
          phase: 'running',
          ready: true,
          restarts: 0,
          endpoints: [],
        })),
      })),
    };
    agent.send(last);
  };
}

const appFile = (version: string) => ({
  nodes: [
    {
      name: 'web',
      kind: 'custom',
      image: `registry.example.com/acme/web:${version}`,
      ports: [{ name: 'http', port: 8080 }],
      resources: { cpu: '50m', memory: '32Mi' },
    },
  ],
});

async function restart(): Promise<void> {
  expect(await server.stop('SIGKILL')).toBeNull();
  server = await ServerProcess.start({
    templates: templates(),
    dataDir: server.dataDir,
    env: server.env,
    port: server.port,
  });
}

beforeAll(async () => {
  server = await ServerProcess.start({
    templates: templates(),
    adminPassword: 'first-start-pass',
    env: { BERTH_LOCAL_AGENT: '0' },
  });
  const admin = (
    await call('POST', '/auth/login', { username: 'admin', password: 'first-start-pass' }, '')
  ).body.token as string;
  await call(
    'POST',
    '/auth/password',
    { currentPassword: 'first-start-pass', newPassword: password },
    admin,
  );
  token = admin;
  expect((await call('POST', '/accounts', { name: 'acme', type: 'isv' })).status).toBe(201);
  expect((await call('POST', '/users', { username: 'olga', password })).status).toBe(201);
  await call('PUT', '/accounts/acme/members/olga', { role: 'admin' });
  token = (await call('POST', '/auth/login', { username: 'olga', password }, '')).body.token;
  expect((await call('POST', '/clusters', { name: 'fleet', type: 'edge' })).status).toBe(201);
  await call('POST', '/apps', {
    name: 'shop',
    distribution: 'instance',
    deployment: 'edge-hosted',
  });
  for (const [version, kind] of [
    ['1.0.0', 'initial'],
    ['1.1.0', 'upgrade'],
  ] as const) {
    await call('POST', '/apps/shop/versions', {
      version,
      kind,
      ...(kind === 'upgrade' ? { from: '1.0.0' } : {}),
    });
    const draft = await fetch(`${server.url}/api/v1/apps/shop/versions/${version}`, {
      headers: { authorization: `Bearer ${token}`, 'berth-account': 'acme' },
    });
    const put = await fetch(`${server.url}/api/v1/apps/shop/versions/${version}/spec`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'berth-account': 'acme',
        'content-type': 'application/json',
        'if-match': draft.headers.get('etag') ?? '',
      },
      body: JSON.stringify(appFile(version)),
    });
    expect(put.status, await put.text()).toBe(200);
    expect((await call('POST', `/apps/shop/versions/${version}/publish`)).status).toBe(200);
  }
  for (let i = 0; i < hosts; i++) {
    const name = `host-${String(i).padStart(2, '0')}`;
    const node = await call('POST', '/clusters/fleet/nodes', { name });
    const sim = new SimAgent(
      server.url,
      await joinSimNode(server.url, name, node.body.join.token),
      {
        reconnect: { baseMs: 200, capMs: 2_000 },
        onMessage: host(),
      },
    );
    sims.push(sim);
  }
  await Promise.all(sims.map((s) => s.connect()));
}, 120_000);

afterAll(async () => {
  for (const s of sims) s.close();
  await server?.dispose();
});

describe(`a rollout to ${hosts} hosts with the control plane killed -9 (R21, seed ${seed})`, () => {
  it('resumes, ends with every host on the target, and duplicates nothing', {
    timeout: 240_000,
  }, async () => {
    const names = sims.map((_, i) => `shop-${String(i).padStart(2, '0')}`);
    for (const [i, name] of names.entries()) {
      const res = await call('POST', '/instances', {
        name,
        app: 'shop',
        version: '1.0.0',
        cluster: 'fleet',
        node: `host-${String(i).padStart(2, '0')}`,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    const allOn = (version: string) => async () => {
      const list = (await call('GET', '/instances?limit=100')).body.items as Array<{
        version: string;
        status: { phase: string };
      }>;
      return (
        list.length === hosts &&
        list.every((i) => i.version === version && i.status.phase === 'running')
      );
    };
    await until('every instance running 1.0.0', allOn('1.0.0'), 60_000);

    // Kill points: after a random number of the upgrade calls, and once more at a random
    // moment while the hosts are reporting back.
    const killAfter = 2 + Math.floor(random() * (hosts - 4));
    const lateKillMs = Math.floor(random() * 1500);
    for (const [i, name] of names.entries()) {
      if (i === killAfter) await restart();
      const res = await callThrough('POST', `/instances/${name}/upgrade`, { version: '1.1.0' });
      // 202, or 409 when the call before the kill had already been committed.
      expect([202, 409], JSON.stringify(res.body)).toContain(res.status);
    }
    await new Promise((r) => setTimeout(r, lateKillMs));
    await restart();

    await until('every instance running 1.1.0', allOn('1.1.0'), 90_000);
    await until(
      'every host holding exactly its instance at 1.1.0',
      async () =>
        sims.every((sim) => {
          const desired = sim.received.filter((r) => r.message.type === 'desired').at(-1)
            ?.message as Extract<ServerMessage, { type: 'desired' }> | undefined;
          return (
            desired?.workloads.length === 1 &&
            (desired.workloads[0]!.spec as InstanceWorkloadSpec).version === '1.1.0'
          );
        }),
      30_000,
    );
    const nodes = (await call('GET', '/clusters/fleet/nodes?limit=100')).body.items as Array<{
      name: string;
      status: string;
    }>;
    expect(nodes).toHaveLength(hosts);
    expect(new Set(nodes.map((n) => n.name)).size).toBe(hosts);
    expect(nodes.every((n) => n.status === 'online')).toBe(true);
    for (const name of names) {
      const events = (await call('GET', `/instances/${name}/events?limit=500`)).body
        .items as Array<{
        reason: string;
        message: string;
      }>;
      expect(
        events.filter((e) => e.reason === 'Upgrading'),
        name,
      ).toHaveLength(1);
    }
    const instances = (await call('GET', '/instances?limit=100')).body.items as Array<{
      name: string;
    }>;
    expect(instances.map((i) => i.name).sort()).toEqual(names);
  });
});
