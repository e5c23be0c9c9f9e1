import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../../apps/server/src/testing/templates.js';
import { AgentProcess, runAgentCommand, tempStateDir } from '../harness/agent-process.js';
import { FaultProxy } from '../harness/fault-proxy.js';
import { ServerProcess } from '../harness/server-process.js';
import { joinSimNode, SimAgent } from '../harness/sim-agent.js';

/**
 * Issue #4's reliability: the control plane killed and started again under real agents
 * and a storm of simulated ones (R23); an agent cut off for 60 s while its desired state
 * changes (R20). Everything talks to the real server process.
 */

const storm = 200;

let server: ServerProcess;
let token: string;
const agents: AgentProcess[] = [];
const sims: SimAgent[] = [];

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return (res.status === 204 ? {} : await res.json()) as Record<string, unknown>;
}

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

async function realAgent(node: string, via = server.url): Promise<AgentProcess> {
  const created = (await api('POST', '/clusters/fleet/nodes', { name: node })) as {
    join: { token: string };
  };
  const stateDir = tempStateDir();
  const join = await runAgentCommand([
    'join',
    '--server',
    via,
    '--node',
    node,
    '--token',
    created.join.token,
    '--state-dir',
    stateDir,
  ]);
  expect(join.code, join.stderr).toBe(0);
  const agent = AgentProcess.run(stateDir);
  agents.push(agent);
  await agent.waitForLog('connected to the server', () => true, 15_000);
  return agent;
}

const online = async () =>
  ((await api('GET', '/clusters/fleet')) as { nodes: { online: number; total: number } }).nodes;

beforeAll(async () => {
  server = await ServerProcess.start({
    templates: templates(),
    adminPassword: 'first-start-pass',
    env: { BERTH_LOCAL_AGENT: '0' },
  });
  const post = (path: string, body: unknown, auth?: string) =>
    fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      body: JSON.stringify(body),
    });
  token = (
    (await (
      await post('/auth/login', { username: 'admin', password: 'first-start-pass' })
    ).json()) as { token: string }
  ).token;
  await post(
    '/auth/password',
    { currentPassword: 'first-start-pass', newPassword: 'fleet test passphrase' },
    token,
  );
  await api('POST', '/clusters', { name: 'fleet', type: 'edge' });
});
afterAll(async () => {
  for (const s of sims) s.close();
  for (const a of agents) await a.dispose();
  await server?.dispose();
});

describe('the control plane killed under its agents', () => {
  it(`brings ${storm} simulated and 2 real agents back within 30 s, with no duplicate node and no agent restart (R23)`, async () => {
    const real = [await realAgent('real-01'), await realAgent('real-02')];
    for (let i = 0; i < storm; i++) {
      const node = (await api('POST', '/clusters/fleet/nodes', {
        name: `sim-${String(i).padStart(3, '0')}`,
      })) as { join: { token: string } };
      const sim = new SimAgent(
        server.url,
        await joinSimNode(server.url, `sim-${String(i).padStart(3, '0')}`, node.join.token),
        {
          reconnect: { baseMs: 500, capMs: 5_000 },
        },
      );
      sims.push(sim);
    }
    await Promise.all(sims.map((s) => s.connect()));
    await until(async () => (await online()).online === storm + 2, 20_000, 'all online');

    const reconnectedAt: number[] = [];
    const before = sims.map((s) => s.sessions);
    expect(await server.stop('SIGKILL')).toBeNull();
    const killedAt = Date.now();
    server = await ServerProcess.start({
      templates: templates(),
      dataDir: server.dataDir,
      env: server.env,
      port: server.port,
    });
    const took = await until(
      () => {
        sims.forEach((s, i) => {
          if (s.sessions > before[i]! && reconnectedAt[i] === undefined)
            reconnectedAt[i] = Date.now() - killedAt;
        });
        return sims.every((s, i) => s.sessions > before[i]!);
      },
      30_000,
      'every simulated agent back',
    );
    await until(
      async () => (await online()).online === storm + 2,
      30_000 - took,
      'every node online',
    );
    const nodes = await online();
    expect(nodes.total).toBe(storm + 2);
    for (const agent of real) expect(agent.child.exitCode).toBeNull();
    // Jittered backoff: the reconnections spread out rather than arriving in one burst.
    const spread = Math.max(...reconnectedAt) - Math.min(...reconnectedAt);
    expect(spread).toBeGreaterThan(200);
  });
});

describe('an agent cut off for 60 s (R20)', () => {
  it('converges on the desired state that changed meanwhile, once the network heals', {
    timeout: 120_000,
  }, async () => {
    const proxy = await FaultProxy.start({ port: server.port });
    try {
      const agent = await realAgent('cut-01', proxy.url);
      await until(
        async () => {
          const node = (await api('GET', '/clusters/fleet/nodes/cut-01')) as {
            appliedGeneration: number;
            desiredGeneration: number;
          };
          return node.appliedGeneration === node.desiredGeneration;
        },
        15_000,
        'in sync before the cut',
      );
      proxy.cut();
      await api('PUT', '/clusters/fleet/agent-settings', { logLevel: 'debug' });
      const changed = (await api('GET', '/clusters/fleet/nodes/cut-01')) as {
        desiredGeneration: number;
        appliedGeneration: number;
      };
      expect(changed.appliedGeneration).toBeLessThan(changed.desiredGeneration);
      await new Promise((r) => setTimeout(r, 60_000));
      expect((await api('GET', '/clusters/fleet/nodes/cut-01')).status).toBe('offline');
      proxy.heal();
      await until(
        async () => {
          const node = (await api('GET', '/clusters/fleet/nodes/cut-01')) as {
            appliedGeneration: number;
            status: string;
          };
          return node.status === 'online' && node.appliedGeneration === changed.desiredGeneration;
        },
        40_000,
        'in sync after healing',
      );
      expect(agent.child.exitCode).toBeNull();
    } finally {
      await proxy.stop();
    }
  });
});
