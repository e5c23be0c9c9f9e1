import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../../apps/server/src/testing/templates.js';
import {
  agentCloseCodes,
  type InstanceWorkloadSpec,
  type ServerMessage,
} from '../../packages/spec/src/index.js';
import { ServerProcess } from '../harness/server-process.js';
import { joinSimNode, SimAgent } from '../harness/sim-agent.js';
import { berthCli, cliMain, problemOf } from './berth-cli.js';

/**
 * The fleet commands of the built CLI against the real control plane (a child process):
 * clusters, nodes and their join command, and the whole life of an instance with
 * `--wait`. The host is a simulated agent that reports what a healthy host would (each
 * node starting, then running, and an agent event), a failing node for version 1.2.0,
 * and a node that never gets ready for the instance "slow".
 */

const berth = (args: string[], options: { stdin?: string } = {}) =>
  berthCli(args, { home, config: configFile, ...options });

const adminPassword = 'a long harbour passphrase 1';
const olgaPassword = 'fleet operations 4 all';

let server: ServerProcess;
let home: string;
let configFile: string;
let work: string;
const agents: SimAgent[] = [];

type WorkloadNode = InstanceWorkloadSpec['nodes'][number];

/** What the simulated host says of a node once it has had time to start it. */
function settled(node: WorkloadNode, spec: InstanceWorkloadSpec) {
  if (spec.stopped) return { phase: 'stopped', ready: false };
  if (node.kind === 'init') return { phase: 'completed', ready: false };
  if (node.name === 'web' && spec.version === '1.2.0')
    return { phase: 'failed', ready: false, message: 'crash loop: exit code 3' };
  if (node.name === 'web' && spec.instance === 'slow')
    return { phase: 'starting', ready: false, message: 'waiting for /healthz' };
  return { phase: 'running', ready: true };
}

/**
 * Answers each desired state as an agent would: every node `starting` at once, then,
 * a moment later, where it settles, with an agent event per node. A newer desired state
 * cancels the report still pending for an older one.
 */
function simulateHost(): (message: ServerMessage, agent: SimAgent) => void {
  let pending: NodeJS.Timeout | undefined;
  return (message, agent) => {
    if (message.type !== 'desired') return;
    clearTimeout(pending);
    const report = (final: boolean) =>
      agent.send({
        type: 'status',
        generation: message.generation,
        workloads: message.workloads.map((w) => {
          const spec = w.spec as InstanceWorkloadSpec;
          return {
            id: w.id,
            revision: w.revision,
            phase: 'reported',
            nodes: spec.nodes.map((n) => ({
              name: n.name,
              restarts: 0,
              endpoints: n.name === 'web' ? ['http://192.0.2.1:8080'] : [],
              ...(final ? settled(n, spec) : { phase: 'starting', ready: false }),
            })),
          };
        }),
      });
    report(false);
    pending = setTimeout(() => {
      report(true);
      const events = message.workloads.flatMap((w) =>
        (w.spec as InstanceWorkloadSpec).nodes.map((n) => ({
          id: randomUUID(),
          time: new Date().toISOString(),
          workload: w.id,
          node: n.name,
          reason: 'Reported',
          message: `${n.name} is ${settled(n, w.spec as InstanceWorkloadSpec).phase}`,
        })),
      );
      if (events.length > 0) agent.send({ type: 'events', events });
    }, 1200);
  };
}

/** An app file of the app `shop` at `version`: an init node, then a web node. */
const appFile = (version: string) => `apiVersion: berth/v1
kind: App
metadata:
  name: shop
  distribution: instance
  deployment: edge-hosted
version: ${version}
spec:
  parameters:
    - { name: site, type: string, default: north, pattern: "^[a-z]+$" }
    - { name: apiKey, type: string, secret: true }
  nodes:
    - name: migrate
      kind: init
      image: localhost/shop-migrate:${version}
    - name: web
      kind: custom
      image: localhost/shop-web:${version}
      ports: [{ name: http, port: 8080 }]
      env: { SITE: "\${params.site}", KEY: "\${params.apiKey}" }
      resources: { cpu: 100m, memory: 64Mi }
      dependsOn: [migrate]
`;

async function publish(version: string): Promise<void> {
  const file = join(work, `shop-${version}.yaml`);
  writeFileSync(file, appFile(version));
  const apply = await berth(['apply', '-f', file]);
  const published = await berth(['versions', 'publish', 'shop', version]);
  expect([apply.code, published.code], apply.stderr + published.stderr).toEqual([0, 0]);
}

/** Reads the instance with the CLI until `test` passes (the server works on after a 202). */
async function eventually(
  name: string,
  test: (instance: { version: string; status: { phase: string } }) => boolean,
) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await berth(['instances', 'get', name, '-o', 'json']);
    if (run.code === 0 && test(JSON.parse(run.stdout))) return;
    if (Date.now() > deadline) throw new Error(`instance ${name} never got there: ${run.stdout}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Runs `berth ARGS` until it has printed `until` on stdout, then presses Ctrl+C (SIGINT);
 * resolves with its exit code and output.
 */
function interruptWhen(args: string[], until: RegExp) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [cliMain, ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: home, BERTH_CONFIG: configFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (until.test(stdout)) child.kill('SIGINT');
      });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout }));
    },
  );
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'berth-cli-fleet-'));
  configFile = join(home, 'berth', 'config.yaml');
  work = join(home, 'work');
  mkdirSync(work);
  server = await ServerProcess.start({
    templates: templates(),
    adminPassword,
    env: { BERTH_LOCAL_AGENT: '0' },
  });
});

afterAll(async () => {
  for (const agent of agents) agent.close();
  await server?.dispose();
  if (home) rmSync(home, { recursive: true, force: true });
});

// The tests run in order, like one session: an operator sets up a site, joins its host,
// deploys, operates and removes an instance.
describe('berth clusters, nodes and instances against a running server', {
  timeout: 60_000,
}, () => {
  let token: string;

  it('signs in an admin of the account acme', async () => {
    const login = (args: string[], stdin: string) =>
      berth(['login', '--server', server.url, '--password-stdin', ...args], { stdin });
    const admin = await login(
      ['--username', 'admin', '--new-password-stdin', '--context', 'admin'],
      `${adminPassword}\n${adminPassword}-new\n`,
    );
    const account = await berth(['accounts', 'create', 'acme', '--type', 'isv']);
    const user = await berth(['users', 'create', 'olga', '--password-stdin'], {
      stdin: `${olgaPassword}\n`,
    });
    const member = await berth(['members', 'set', 'olga', '--role', 'admin', '--account', 'acme']);
    const olga = await login(
      ['--username', 'olga', '--context', 'olga', '--account', 'acme'],
      `${olgaPassword}\n`,
    );

    expect([admin.code, account.code, user.code, member.code, olga.code]).toEqual([0, 0, 0, 0, 0]);
  });

  it('creates a cluster, lists it, shows it and changes its agent settings', async () => {
    const create = await berth([
      'clusters',
      'create',
      'north',
      '--type',
      'edge',
      '--nfs',
      '10.0.0.5:/exports/berth',
      '--service-cidr',
      '10.96.0.0/16',
      '--display-name',
      'North site',
    ]);
    const list = await berth(['clusters', 'list', '-o', 'json']);
    const get = await berth(['clusters', 'get', 'north']);
    const settings = await berth([
      'clusters',
      'agent-settings',
      'north',
      '--heartbeat-seconds',
      '5',
      '--log-level',
      'debug',
      '-o',
      'json',
    ]);

    expect(create.code, create.stderr).toBe(0);
    expect(create.stderr).toBe('Created cluster "north".\n');
    expect(create.stdout).toMatch(
      /^north\s+edge\s+engine\s+0\/0 online\s+no\s+nfs 10\.0\.0\.5:\/exports\/berth\s+10\.96\.0\.0\/16\s/m,
    );
    expect(JSON.parse(list.stdout).items.map((c: { name: string }) => c.name)).toContain('north');
    expect(get.stdout).toMatch(/^Display name:\s+North site$/m);
    expect(get.stdout).toMatch(/^Storage:\s+nfs 10\.0\.0\.5:\/exports\/berth$/m);
    expect(settings.code).toBe(0);
    expect(JSON.parse(settings.stdout).agentSettings).toEqual({
      heartbeatSeconds: 5,
      logLevel: 'debug',
    });
  });

  it('creates a node: stdout is the join command with its token, warnings on stderr', async () => {
    const run = await berth([
      'nodes',
      'create',
      'north',
      'gate-01',
      '--ip-segment',
      '10.96.1.0/24',
    ]);
    const pending = await berth(['nodes', 'get', 'north', 'gate-01']);

    expect(run.code, run.stderr).toBe(0);
    const command = run.stdout.trimEnd();
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(command).toMatch(/berth-agent join --server \S+ --node gate-01 --token \S+/);
    token = /--token (\S+)/.exec(command)![1]!;
    expect(run.stderr).toMatch(/^warning: .*10\.96\.1\.0\/24 overlaps .*10\.96\.0\.0\/16/m);
    expect(run.stderr).toMatch(/^Run this command on the host to join it/m);
    expect(pending.stdout).toMatch(/^Status:\s+pending$/m);
    expect(pending.stdout).toMatch(/^Last seen:\s+never$/m);
  });

  it('shows the node online with its facts once its agent joined', async () => {
    const agent = new SimAgent(server.url, await joinSimNode(server.url, 'gate-01', token), {
      onMessage: simulateHost(),
    });
    agents.push(agent);
    await agent.connect();
    const get = await berth(['nodes', 'get', 'north', 'gate-01']);
    const list = await berth(['nodes', 'list', 'north']);
    const again = await berth(['nodes', 'join-token', 'north', 'gate-01']);

    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^Status:\s+online$/m);
    expect(get.stdout).toMatch(/^Last seen:\s+(just now|\d+ s ago)$/m);
    expect(get.stdout).toMatch(/^Arch:\s+x86_64$/m);
    expect(get.stdout).toMatch(/^OS:\s+Simulated Linux \(kernel 6\.1\.0-sim\)$/m);
    expect(get.stdout).toMatch(/^CPUs:\s+4$/m);
    expect(get.stdout).toMatch(/^Memory:\s+8 GiB$/m);
    expect(get.stdout).toMatch(/^Engine:\s+none$/m);
    expect(list.stdout).toMatch(/^gate-01\s+online\s+/m);
    expect(again.code).toBe(6); // joined: no new join token
  });

  it('publishes three versions of an app with apply and versions publish', async () => {
    await publish('1.0.0');
    await publish('1.1.0');
    await publish('1.2.0');
  });

  it('deploys with --wait: progress on stderr until running, the instance on stdout', async () => {
    const run = await berth(
      [
        'deploy',
        'shop-north',
        '--app',
        'shop',
        '--version',
        '1.0.0',
        '--cluster',
        'north',
        '--param',
        'site=north',
        '--param-stdin',
        'apiKey',
        '--wait',
        '--timeout',
        '60s',
        '-o',
        'json',
      ],
      { stdin: 'CANARY-key-93f1\n' },
    );

    expect(run.code, run.stderr).toBe(0);
    const instance = JSON.parse(run.stdout);
    expect(instance).toMatchObject({ name: 'shop-north', version: '1.0.0', node: 'gate-01' });
    expect(instance.status.phase).toBe('running');
    expect(instance.params).toEqual({ site: 'north' }); // the secret is not shown
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe('Deploying shop 1.0.0 as instance "shop-north" on north/gate-01.');
    expect(lines).toContain('shop-north: pending');
    expect(lines).toContain('  web: starting → running');
    expect(lines).toContainEqual(expect.stringMatching(/^shop-north: \w+ → running$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}\[[\d:]+\] Created: Deploying shop 1\.0\.0/),
    );
    expect(run.stderr).not.toContain('CANARY');
  });

  it('shows the instance, lists it, and lists its events from both sources', async () => {
    const get = await berth(['instances', 'get', 'shop-north']);
    const list = await berth(['instances', 'list']);
    const events = await berth(['events', 'shop-north']);

    expect(get.stdout).toMatch(/^Phase:\s+running$/m);
    expect(get.stdout).toMatch(/^Host:\s+gate-01$/m);
    expect(get.stdout).toMatch(/^web\s+running\s+yes\s+0\s+http:\/\/192\.0\.2\.1:8080\s+<none>$/m);
    expect(get.stdout).toMatch(/^migrate\s+completed\s+no\s+0\s+<none>\s+<none>$/m);
    expect(list.stdout).toMatch(
      /^shop-north\s+shop\s+1\.0\.0\s+north\s+gate-01\s+running\s+2\/2\s/m,
    );
    expect(events.stdout).toMatch(/^TIME\s+SOURCE\s+NODE\s+REASON\s+MESSAGE$/m);
    expect(events.stdout).toMatch(
      /\scontrol-plane\s+<none>\s+Created\s+Deploying shop 1\.0\.0 to gate-01$/m,
    );
    expect(events.stdout).toMatch(/\sagent\s+web\s+Reported\s+web is running$/m);
  });

  it('follows events until Ctrl+C, then exits 0', async () => {
    const run = await interruptWhen(['events', 'shop-north', '--follow'], /web is running\n/);

    expect(run).toMatchObject({ code: 0, signal: null });
    expect(run.stdout).toMatch(/^TIME\s+SOURCE\s+NODE\s+REASON\s+MESSAGE\n/);
  });

  it('relays the logs the host sends (a simulated host has none)', async () => {
    const run = await berth(['logs', 'shop-north', '--node', 'web', '--tail', '10']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[berth: a simulated host has no logs]');
  });

  it('scales, stops and starts with --wait', async () => {
    const scale = await berth([
      'instances',
      'scale',
      'shop-north',
      'web',
      '2',
      '--wait',
      '-o',
      'json',
    ]);
    const stop = await berth(['instances', 'stop', 'shop-north', '--wait']);
    const stopped = await berth(['instances', 'get', 'shop-north', '-o', 'json']);
    const start = await berth(['instances', 'start', 'shop-north', '--wait', '-o', 'json']);

    expect(scale.code, scale.stderr).toBe(0);
    expect(JSON.parse(scale.stdout)).toMatchObject({
      replicas: { web: 2 },
      status: { phase: 'running' },
    });
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stderr).toContain('  web: starting → stopped');
    expect(JSON.parse(stopped.stdout).status.phase).toBe('stopped');
    expect(start.code, start.stderr).toBe(0);
    expect(JSON.parse(start.stdout).status.phase).toBe('running');
  });

  it('upgrades with --wait, and exits 10 when an upgrade fails and is rolled back', async () => {
    const upgrade = await berth([
      'instances',
      'upgrade',
      'shop-north',
      '1.1.0',
      '--wait',
      '-o',
      'json',
    ]);
    const failing = await berth(['instances', 'upgrade', 'shop-north', '1.2.0', '--wait']);

    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(JSON.parse(upgrade.stdout)).toMatchObject({
      version: '1.1.0',
      previousVersion: '1.0.0',
      status: { phase: 'running' },
    });
    expect(failing.code, failing.stderr).toBe(10);
    expect(failing.stderr).toMatch(
      /^error: deployment failed: .*web \(failed: crash loop: exit code 3\)/m,
    );
    await eventually('shop-north', (i) => i.version === '1.1.0' && i.status.phase === 'running');
  });

  it('exits 11 when --timeout passes before the instance is running', async () => {
    const run = await berth([
      'deploy',
      'slow',
      '--app',
      'shop',
      '--version',
      '1.1.0',
      '--cluster',
      'north',
      '--param',
      'apiKey=k',
      '--wait',
      '--timeout',
      '3s',
    ]);

    expect(run.code).toBe(11);
    expect(run.stderr).toMatch(
      /^error: Timed out after \ds waiting for instance "slow" to be running \(it is deploying\)/m,
    );
  });

  it('exits 5 for what does not exist, 6 for a conflict, 7 for invalid input', async () => {
    const missing = await berth(['instances', 'get', 'nope']);
    const noCluster = await berth(['clusters', 'get', 'nowhere', '-o', 'json']);
    const taken = await berth(['clusters', 'create', 'north', '--type', 'edge']);
    const twice = await berth([
      'deploy',
      'shop-north',
      '--app',
      'shop',
      '--version',
      '1.0.0',
      '--cluster',
      'north',
      '--param',
      'apiKey=k',
    ]);
    const badParam = await berth([
      'deploy',
      'shop-south',
      '--app',
      'shop',
      '--version',
      '1.0.0',
      '--cluster',
      'north',
      '--param',
      'site=NORTH',
    ]);
    const badCidr = await berth([
      'clusters',
      'create',
      'south',
      '--type',
      'edge',
      '--service-cidr',
      '10.96.0.1/16',
    ]);

    expect(missing.code).toBe(5);
    expect(noCluster.code).toBe(5);
    expect(problemOf(noCluster)).toMatchObject({ status: 404 });
    expect(taken.code).toBe(6);
    expect(twice.code).toBe(6);
    expect(badParam.code).toBe(7);
    expect(badParam.stderr).toMatch(/^ {2}params\.site: /m);
    expect(badParam.stderr).toMatch(/^ {2}params\.apiKey: .*required/m);
    expect(badCidr.code).toBe(7);
  });

  it('deletes instances with --wait until they are gone', async () => {
    const slow = await berth(['instances', 'delete', 'slow', '--yes', '--wait']);
    const shop = await berth([
      'instances',
      'delete',
      'shop-north',
      '--yes',
      '--wait',
      '-o',
      'json',
    ]);
    const gone = await berth(['instances', 'get', 'shop-north']);
    const list = await berth(['instances', 'list', '-o', 'json']);

    expect(slow.code, slow.stderr).toBe(0);
    expect(shop.code, shop.stderr).toBe(0);
    expect(shop.stderr).toContain('shop-north: deleted');
    expect(JSON.parse(shop.stdout)).toEqual({ name: 'shop-north', deleted: true });
    expect(gone.code).toBe(5);
    expect(JSON.parse(list.stdout).items).toEqual([]);
  });

  it('revokes the node: it shows as revoked and its agent is refused', async () => {
    const revoke = await berth(['nodes', 'revoke', 'north', 'gate-01']);
    const get = await berth(['nodes', 'get', 'north', 'gate-01', '-o', 'json']);
    const remove = await berth(['nodes', 'delete', 'north', 'gate-01']);

    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stderr).toContain('Revoked node "gate-01"');
    expect(JSON.parse(get.stdout).status).toBe('revoked');
    expect(remove.code).toBe(2); // no --yes and no terminal
    await expect.poll(() => agents[0]?.closeCode, { timeout: 5000 }).toBe(agentCloseCodes.revoked);
  });
});
