import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../../apps/server/src/testing/templates.js';
import { AgentProcess, runAgentCommand, tempStateDir } from '../harness/agent-process.js';
import { engineSocket, removeTestContainers, requireEngine } from '../harness/engine.js';
import { containersWith, execIn, networksWith } from '../harness/instance-workloads.js';
import { ServerProcess } from '../harness/server-process.js';
import { berthCli, type CliRun } from './berth-cli.js';

/**
 * The whole path, for real: examples/three-tier/app.yaml published with the CLI, deployed
 * through the API to a host that joined with its join token and runs `berth-agent` on
 * Podman, through the cluster's registry mirror (the stand-in images of
 * scripts/test-images/build.sh examples). Then upgraded, scaled, upgraded to a broken
 * release that rolls back by itself, rolled back by hand, and deleted — with the agent
 * killed -9 in the middle of the first deployment.
 */

const mirror = 'localhost/berth-mirror';
const images = [
  `${mirror}/library/mysql:8.4`,
  ...['2.3.0', '2.4.0', '2.5.0'].flatMap((v) =>
    ['shop-migrate', 'shop-api', 'shop-web'].map((i) => `${mirror}/acme/${i}:${v}`),
  ),
];
const skip = await requireEngine({ images });

const example = readFileSync(
  new URL('../../examples/three-tier/app.yaml', import.meta.url),
  'utf8',
);
const adminPassword = 'a long harbour passphrase 1';
const olgaPassword = 'fleet operations 4 all';

interface NodeStatus {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  endpoints: string[];
}
interface Instance {
  id: string;
  name: string;
  version: string;
  status: { phase: string; nodes: NodeStatus[] };
}

describe.skipIf(!!skip)('the three-tier example on a real host', { timeout: 240_000 }, () => {
  let server: ServerProcess;
  let agent: AgentProcess | undefined;
  let home: string;
  let token: string;
  let nodeId: string;
  const stateDir = tempStateDir();
  const storageDir = join(stateDir, 'volumes');

  const berth = (args: string[], stdin?: string): Promise<CliRun> =>
    berthCli(args, { home, config: join(home, 'config.yaml'), ...(stdin ? { stdin } : {}) });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'berth-account': 'acme',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const instance = async (): Promise<Instance> => (await api('GET', '/instances/shop-1')).body;
  const containers = async (node?: string) =>
    (await containersWith(`berth.agent=${nodeId}`, ...(node ? [`berth.node=${node}`] : []))).filter(
      (c) => c.Labels['berth.instance-name'] === 'shop-1',
    );
  const until = async <T>(what: string, check: () => Promise<T | undefined>, ms = 120_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const runAgent = () => {
    agent = AgentProcess.run(stateDir, [
      '--engine',
      'auto',
      '--engine-socket',
      engineSocket(),
      '--storage-dir',
      storageDir,
    ]);
    return agent;
  };
  /** The example as `version`: its images (and the app's version) at that tag. */
  const publish = async (version: string) => {
    const file = join(home, `shop-${version}.yaml`);
    writeFileSync(file, example.replaceAll('2.3.0', version));
    const applied = await berth(['apply', '-f', file]);
    const published = await berth(['versions', 'publish', 'shop', version]);
    expect([applied.code, published.code], applied.stderr + published.stderr).toEqual([0, 0]);
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'berth-example-'));
    mkdirSync(storageDir, { recursive: true });
    server = await ServerProcess.start({
      templates: templates(),
      adminPassword,
      env: { BERTH_LOCAL_AGENT: '0' },
    });
    // The platform admin (forced password change at first login) makes the account acme
    // and its admin olga, who does everything after.
    const admin = await berth(
      [
        'login',
        '--server',
        server.url,
        '--username',
        'admin',
        '--password-stdin',
        '--new-password-stdin',
        '--context',
        'admin',
      ],
      `${adminPassword}\n${adminPassword}-2\n`,
    );
    const account = await berth(['accounts', 'create', 'acme', '--type', 'isv']);
    const user = await berth(['users', 'create', 'olga', '--password-stdin'], `${olgaPassword}\n`);
    const member = await berth(['members', 'set', 'olga', '--role', 'admin', '--account', 'acme']);
    const olga = await berth(
      [
        'login',
        '--server',
        server.url,
        '--username',
        'olga',
        '--password-stdin',
        '--context',
        'olga',
        '--account',
        'acme',
      ],
      `${olgaPassword}\n`,
    );
    expect(
      [admin, account, user, member, olga].map((r) => r.code),
      olga.stderr,
    ).toEqual([0, 0, 0, 0, 0]);
    const session = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'olga', password: olgaPassword }),
    });
    token = ((await session.json()) as { token: string }).token;
  });

  afterAll(async () => {
    if (agent) await agent.stop('SIGKILL');
    if (nodeId) await removeTestContainers(`berth.agent=${nodeId}`);
    await server?.dispose();
    await agent?.dispose();
    rmSync(home, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('joins a host with the token of its node, and sets the site registry mirror', async () => {
    expect((await berth(['clusters', 'create', 'site', '--type', 'edge'])).code).toBe(0);
    const created = await berth(['nodes', 'create', 'site', 'gate-01', '-o', 'json']);
    expect(created.code, created.stderr).toBe(0);
    const instructions = JSON.parse(created.stdout).join as { token: string; command: string };
    // The join command as the API gives it, with this test's state directory.
    expect(instructions.command).toContain('--node gate-01');
    const joinToken = instructions.token;
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
      { DOCKER_HOST: `unix://${engineSocket()}` },
    );
    expect(joined.code, joined.stderr).toBe(0);
    nodeId = JSON.parse(readFileSync(join(stateDir, 'credential.json'), 'utf8')).nodeId;
    runAgent();
    const mirrors = await api('PUT', '/clusters/site/registries', {
      mirrors: { 'docker.io': mirror, 'registry.example.com': mirror },
    });
    expect(mirrors.status).toBe(200);
    const node = await until('the node is online with the engine in its facts', async () => {
      const n = (await api('GET', '/clusters/site/nodes/gate-01')).body;
      return n.status === 'online' && n.facts?.engine?.kind !== 'none' ? n : undefined;
    });
    expect(JSON.stringify(node.facts.engine)).toMatch(/podman|docker/i);
  });

  it('publishes the example as 2.3.0, and 2.4.0 and a broken 2.5.0 beside it', async () => {
    // shop-api:2.5.0 never answers /healthz (scripts/test-images/build.sh examples).
    for (const version of ['2.3.0', '2.4.0', '2.5.0']) await publish(version);
    const versions = await berth(['versions', 'list', 'shop', '-o', 'json']);
    expect(JSON.parse(versions.stdout).items.map((v: { state: string }) => v.state)).toEqual([
      'published',
      'published',
      'published',
    ]);
  });

  it('deploys through the API, survives the agent killed -9 mid-way, and runs with no duplicates', async () => {
    const deployed = await api('POST', '/instances', {
      name: 'shop-1',
      app: 'shop',
      version: '2.3.0',
      cluster: 'site',
      // Also the deadline of its upgrades: 2.5.0 is rolled back once it passes.
      deadlineSeconds: 90,
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(202);
    await until('the first container exists', async () =>
      (await containers()).length > 0 ? true : undefined,
    );
    await agent!.stop('SIGKILL');
    runAgent();
    const running = await until('shop-1 running', async () => {
      const i = await instance();
      return i.status.phase === 'running' ? i : undefined;
    });
    expect(running.version).toBe('2.3.0');
    expect(running.status.nodes.map((n) => [n.name, n.phase])).toEqual([
      ['db', 'running'],
      ['migrate', 'completed'],
      ['api', 'running'],
      ['web', 'running'],
    ]);
    const names = (await containers()).map((c) => c.Names[0]!.replace(/^\//, '')).sort();
    expect(names).toEqual(
      ['api-0', 'api-1', 'db-0', 'migrate-0', 'web-0', 'web-1'].map((n) => `berth-shop-1-${n}`),
    );
    const web = running.status.nodes.find((n) => n.name === 'web')!;
    expect(web.endpoints.some((e) => e.endsWith(':8080'))).toBe(true);
    expect((await (await fetch('http://127.0.0.1:8080/')).text()).trim()).toBe('shop-web-2.3.0');
  });

  it('ran the migration against the database with the generated password, as its logs show', async () => {
    const logs = await berth(['logs', 'shop-1', '--node', 'migrate']);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('migrate: schema at 2.3.0');
    const [db] = await containers('db');
    const rows = await execIn(db!.Id, [
      'mariadb',
      '--user=root',
      `--password=${await rootPassword(db!.Id)}`,
      '--batch',
      '--skip-column-names',
      '--execute=select version from shop.schema_migrations',
    ]);
    expect(rows.stdout.trim()).toBe('2.3.0');
  });

  it('upgrades to 2.4.0 with the CLI, recreating what changed and keeping the database', async () => {
    const dbBefore = (await containers('db'))[0]!.Id;
    const up = await berth([
      'instances',
      'upgrade',
      'shop-1',
      '2.4.0',
      '--wait',
      '--timeout',
      '3m',
      '--account',
      'acme',
    ]);
    expect(up.code, up.stderr).toBe(0);
    expect((await instance()).version).toBe('2.4.0');
    expect((await containers('db'))[0]!.Id).toBe(dbBefore);
    expect((await (await fetch('http://127.0.0.1:8080/')).text()).trim()).toBe('shop-web-2.4.0');
    const logs = await berth(['logs', 'shop-1', '--node', 'migrate']);
    expect(logs.stdout).toContain('migrate: schema at 2.4.0');
  });

  it('scales api to 3 replicas and back to 2', async () => {
    const scale = (n: string) =>
      berth([
        'instances',
        'scale',
        'shop-1',
        'api',
        n,
        '--wait',
        '--timeout',
        '2m',
        '--account',
        'acme',
      ]);
    const up = await scale('3');
    expect(up.code, up.stderr).toBe(0);
    expect((await containers('api')).filter((c) => c.State === 'running')).toHaveLength(3);
    const down = await scale('2');
    expect(down.code, down.stderr).toBe(0);
    await until('a replica removed', async () =>
      (await containers('api')).length === 2 ? true : undefined,
    );
  });

  it('rolls back by hand to the version it ran before', async () => {
    const back = await berth([
      'instances',
      'rollback',
      'shop-1',
      '--wait',
      '--timeout',
      '3m',
      '--account',
      'acme',
    ]);
    expect(back.code, back.stderr).toBe(0);
    const after = await instance();
    expect([after.version, after.status.phase]).toEqual(['2.3.0', 'running']);
    expect((await (await fetch('http://127.0.0.1:8080/')).text()).trim()).toBe('shop-web-2.3.0');
  });

  it('rolls back by itself from the broken 2.5.0, and the events say why', async () => {
    const up = await berth([
      'instances',
      'upgrade',
      'shop-1',
      '2.5.0',
      '--wait',
      '--timeout',
      '4m',
      '--account',
      'acme',
    ]);
    expect(up.code, up.stderr).toBe(10);
    const back = await until('back on 2.3.0 and running', async () => {
      const i = await instance();
      return i.version === '2.3.0' && i.status.phase === 'running' ? i : undefined;
    });
    expect(back.version).toBe('2.3.0');
    const events = (await api('GET', '/instances/shop-1/events')).body.items as Array<{
      reason: string;
      message: string;
    }>;
    const rolled = events.find((e) => e.reason === 'RolledBack');
    expect(rolled?.message).toMatch(/Rolled back to 2\.3\.0 because 2\.5\.0 failed/);
    const failed = events.find((e) => e.reason === 'UpgradeFailed');
    expect(failed?.message).toMatch(/^2\.5\.0: not healthy within 90 s: .*api/);
  });

  it('deletes it: no container, network or volume of it is left', async () => {
    const id = (await instance()).id;
    const volumes = join(storageDir, 'shop-1');
    expect(existsSync(join(volumes, 'db'))).toBe(true); // MySQL's data, until now
    const gone = await berth([
      'instances',
      'delete',
      'shop-1',
      '--yes',
      '--wait',
      '--timeout',
      '2m',
      '--account',
      'acme',
    ]);
    expect(gone.code, gone.stderr).toBe(0);
    expect(await containersWith(`berth.instance=${id}`)).toEqual([]);
    expect(await networksWith(`berth.instance=${id}`)).toEqual([]);
    expect(existsSync(volumes)).toBe(false);
    expect((await api('GET', '/instances/shop-1')).status).toBe(404);
  });
});

/** The root password the catalog generated, as the database container has it. */
async function rootPassword(container: string): Promise<string> {
  const env = await execIn(container, ['printenv', 'MYSQL_ROOT_PASSWORD']);
  return env.stdout.trim();
}
