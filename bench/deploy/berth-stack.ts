import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstanceWorkloadSpec, RegistrySettings, Workload } from '@berth/spec';
import { berthCli } from '../../test/e2e/berth-cli.js';
import { AgentProcess, runAgentCommand, tempStateDir } from '../../test/harness/agent-process.js';
import { engineSocket, removeTestContainers } from '../../test/harness/engine.js';
import { processStats } from '../fleet/process-stats.js';
import { type RunningServer, randomKey, startServer } from '../server.js';
import { type DeployScenario, mirror } from './scenarios.js';
import { sleep, until } from './stats.js';

const adminPassword = 'deploy-bench-admin';
const port = 7793;

/** A node of the instance as GET /instances/{name} shows it. */
interface NodeStatus {
  name: string;
  phase: string;
  ready: boolean;
}
interface InstanceBody {
  id: string;
  status: { phase: string; nodes: NodeStatus[] };
}
export interface InstanceEvent {
  time: string;
  node: string | null;
  reason: string;
  message: string;
  source: 'control-plane' | 'agent';
}

/** One deployment through the API, timed from the POST to GET saying running. */
export interface DeployRun {
  id: string;
  /** POST /instances answered (202). */
  acceptedMs: number;
  /** GET /instances/{name}: running, every node ready (or completed). */
  runningMs: number;
  events: InstanceEvent[];
  /** Epoch ms of the POST, to place the events. */
  startedAt: number;
  /** CPU time the server and the agent used from the POST to running, and the GETs. */
  cpu: { serverMs: number; agentMs: number; polls: number };
}

/**
 * The real thing for the deployment benchmark: a control plane (the bundled server,
 * embedded PGlite, no local agent) and a `berth-agent` process joined to it as the node
 * gate-01 of the edge cluster `site`, driving Podman through the registry mirror, with
 * the scenarios' apps (scenarios.ts) published in the account acme.
 */
export class BerthStack {
  private constructor(
    private readonly server: RunningServer,
    private readonly agent: AgentProcess,
    private readonly token: string,
    readonly nodeId: string,
    readonly stateDir: string,
    private readonly home: string,
  ) {}

  static async start(
    log: (line: string) => void,
    scenarios: DeployScenario[],
  ): Promise<BerthStack> {
    const server = await startServer({
      // BENCH_DEPLOY_SERVER: another build of the server, to measure a change to it.
      command: ['node', process.env.BENCH_DEPLOY_SERVER ?? 'apps/server/dist/berth-server.mjs'],
      port,
      env: {
        BERTH_ADMIN_PASSWORD: adminPassword,
        BERTH_LOCAL_AGENT: '0',
        BERTH_MASTER_KEY: randomKey(),
        BERTH_HOST: '127.0.0.1',
      },
    });
    const home = mkdtempSync(join(tmpdir(), 'berth-bench-deploy-'));
    const stateDir = tempStateDir();
    let agent: AgentProcess | undefined;
    try {
      const token = await adminToken(server.url);
      const call = apiCall(server.url, token);
      await call('POST', '/accounts', { name: 'acme', type: 'isv' });
      await call('POST', '/clusters', { name: 'site', type: 'edge' });
      const created = await call('POST', '/clusters/site/nodes', { name: 'gate-01' });
      const joinToken = (created.body as { join: { token: string } }).join.token;
      const joined = await runAgentCommand(
        [
          'join',
          '--server',
          server.url,
          '--node',
          'gate-01',
          '--token',
          joinToken,
          '--state-dir',
          stateDir,
        ],
        {},
      );
      if (joined.code !== 0) throw new Error(`berth-agent join: ${joined.stderr}`);
      const nodeId = JSON.parse(readFileSync(join(stateDir, 'credential.json'), 'utf8')).nodeId;
      const storageDir = join(stateDir, 'volumes');
      mkdirSync(storageDir, { recursive: true });
      agent = AgentProcess.run(stateDir, [
        '--engine',
        'auto',
        '--engine-socket',
        engineSocket(),
        '--storage-dir',
        storageDir,
      ]);
      await call('PUT', '/clusters/site/registries', {
        mirrors: { 'docker.io': mirror, 'registry.example.com': mirror },
      });
      await until(
        'gate-01 online with the engine in its facts',
        async () => {
          const n = (await call('GET', '/clusters/site/nodes/gate-01')).body as {
            status: string;
            facts?: { engine?: unknown };
          };
          return n.status === 'online' && n.facts?.engine ? true : undefined;
        },
        100,
        30_000,
      );
      const stack = new BerthStack(server, agent, token, nodeId, stateDir, home);
      for (const scenario of scenarios) await stack.publish(scenario);
      const apps = scenarios.map((s) => `${s.app} ${s.version}`).join(', ');
      log(`server ${server.url}, agent ${nodeId} joined, ${apps} published`);
      return stack;
    } catch (error) {
      await agent?.dispose();
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
      throw error;
    }
  }

  private async publish(scenario: DeployScenario): Promise<void> {
    const file = join(this.home, `${scenario.key}.yaml`);
    writeFileSync(file, scenario.appFile());
    const options = {
      home: this.home,
      config: join(this.home, 'config.yaml'),
      env: { BERTH_SERVER: this.server.url, BERTH_TOKEN: this.token },
    };
    for (const args of [
      ['apply', '-f', file, '--account', 'acme'],
      ['versions', 'publish', scenario.app, scenario.version, '--account', 'acme'],
    ]) {
      const run = await berthCli(args, options);
      if (run.code !== 0) throw new Error(`berth ${args.join(' ')}: ${run.stderr}`);
    }
  }

  /** POST /instances, then GET every `pollMs` until running with every node ready. */
  async deploy(name: string, scenario: DeployScenario, pollMs = 20): Promise<DeployRun> {
    const call = apiCall(this.server.url, this.token);
    const cpuBefore = this.cpuMs();
    let polls = 0;
    const startedAt = Date.now();
    const t0 = performance.now();
    const posted = await call('POST', '/instances', {
      name,
      app: scenario.app,
      version: scenario.version,
      cluster: 'site',
      deadlineSeconds: 180,
    });
    const acceptedMs = performance.now() - t0;
    if (posted.status !== 202) throw new Error(`deploy ${name}: ${JSON.stringify(posted.body)}`);
    const body = await until(
      `${name} running`,
      async () => {
        polls++;
        const got = (await call('GET', `/instances/${name}`)).body as InstanceBody;
        if (got.status.phase === 'failed')
          throw new Error(`${name} failed: ${JSON.stringify(got)}`);
        const { nodes } = got.status;
        const ready = nodes.length > 0 && nodes.every((n) => n.ready || n.phase === 'completed');
        return got.status.phase === 'running' && ready ? got : undefined;
      },
      pollMs,
      180_000,
    );
    const runningMs = performance.now() - t0;
    const cpuAfter = this.cpuMs();
    const cpu = {
      serverMs: cpuAfter.server - cpuBefore.server,
      agentMs: cpuAfter.agent - cpuBefore.agent,
      polls,
    };
    const events = (await call('GET', `/instances/${name}/events?limit=1000`)).body as {
      items: InstanceEvent[];
    };
    return { id: body.id, acceptedMs, runningMs, events: events.items, startedAt, cpu };
  }

  /** CPU time (user + system) the server and the agent processes have used so far. */
  private cpuMs(): { server: number; agent: number } {
    const ms = (pid: number | undefined) =>
      pid === undefined ? Number.NaN : processStats(pid).cpuSeconds * 1000;
    return { server: ms(this.server.child.pid), agent: ms(this.agent.child.pid) };
  }

  /** DELETE /instances/{name} and wait until GET answers 404. */
  async remove(name: string): Promise<void> {
    const call = apiCall(this.server.url, this.token);
    await call('DELETE', `/instances/${name}`);
    await until(
      `${name} gone`,
      async () => ((await call('GET', `/instances/${name}`)).status === 404 ? true : undefined),
      100,
      120_000,
    );
  }

  /** The workload the agent received for instance `name` (desired.json), and its registries. */
  receivedWorkload(name: string): {
    workload: Workload & { spec: InstanceWorkloadSpec };
    registries: RegistrySettings | undefined;
  } {
    const file = JSON.parse(readFileSync(join(this.stateDir, 'desired.json'), 'utf8'));
    const desired = file.desired as {
      workloads: Workload[];
      settings: { registries?: RegistrySettings };
    };
    const workload = desired.workloads.find(
      (w) => (w.spec as InstanceWorkloadSpec).instance === name,
    );
    if (!workload) throw new Error(`the agent holds no workload of ${name}`);
    return {
      workload: workload as Workload & { spec: InstanceWorkloadSpec },
      registries: desired.settings.registries,
    };
  }

  async stop(): Promise<void> {
    await this.agent.stop('SIGTERM');
    await removeTestContainers(`berth.agent=${this.nodeId}`).catch(() => undefined);
    await this.agent.dispose();
    await this.server.stop();
    await sleep(100);
    rmSync(this.server.dataDir, { recursive: true, force: true });
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * Signs the first-start admin in, changes the password it must change, signs in again
 * with the new one and makes a personal token; every step is checked.
 */
async function adminToken(server: string): Promise<string> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${server}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as { token?: string };
  };
  const first = await post('/auth/login', { username: 'admin', password: adminPassword });
  const newPassword = 'harbour deploy bench 2';
  await post('/auth/password', { currentPassword: adminPassword, newPassword }, first.token);
  const session = await post('/auth/login', { username: 'admin', password: newPassword });
  const created = await post('/tokens', { name: 'deploy bench' }, session.token);
  if (!created.token) throw new Error('POST /tokens answered no token');
  return created.token;
}

function apiCall(server: string, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        // The platform admin acts in acme as its owner; creating the account names none.
        ...(path === '/accounts' ? {} : { 'berth-account': 'acme' }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (res.status >= 400 && !(method === 'GET' && res.status === 404)) {
      throw new Error(`${method} ${path}: ${res.status} ${text}`);
    }
    return { status: res.status, body: parsed as unknown };
  };
}
