import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentCliDeps, runCli } from './cli.js';
import { FakeControlPlane } from './testing/fake-control-plane.js';
import { createSelfSignedCert, hasOpenssl } from './testing/self-signed-cert.js';

let dir: string;
let fake: FakeControlPlane | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
});
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process and returns what it printed. */
async function cli(args: string[], env: AgentCliDeps['env'] = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    version: '9.9.9',
    env,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stopRequested: new Promise(() => {}),
  });
  return { code, stdout, stderr };
}

const joinArgs = (server: string, token: string, ...more: string[]) => [
  'join',
  '--server',
  server,
  '--token',
  token,
  '--node',
  'gate-01',
  '--state-dir',
  dir,
  ...more,
];

describe(runCli, () => {
  it('prints its version and its help with the exit codes', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: '9.9.9\n' });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
  });

  it.each([
    [['run']],
    [['join', '--server', 'http://x', '--node', 'n', '--state-dir', '/tmp/x']],
    [['join', '--server', 'ftp://x', '--token', 't', '--node', 'n', '--state-dir', '/tmp/x']],
    [
      [
        'join',
        '--server',
        'http://x',
        '--token',
        't',
        '--node',
        'n',
        '--state-dir',
        '/tmp/x',
        '--fingerprint',
        'sha256:AB',
      ],
    ],
    [['run', '--state-dir', '/tmp/x', '--engine', 'docker-swarm']],
    [['frobnicate']],
    [[]],
  ])('exits 2 on a usage error: %j', async (args) => {
    expect((await cli(args)).code).toBe(2);
  });

  it('refuses a fingerprint for a plain-http server', async () => {
    const fingerprint = `sha256:${Array(32).fill('AB').join(':')}`;
    const result = await cli(joinArgs('http://127.0.0.1:1', 't', '--fingerprint', fingerprint));
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain('https://');
  });

  it('joins, then shows the node in status', async () => {
    fake = await FakeControlPlane.start();
    const joined = await cli(joinArgs(fake.url, fake.addToken('gate-01')));
    expect(joined.code).toBe(0);
    expect(joined.stdout).toMatch(/^joined: node gate-01 \(n_\w+\) of acme\/edge\n$/);
    const status = await cli(['status', '--state-dir', dir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('has not run on this state directory');
    const json = JSON.parse((await cli(['status', '--state-dir', dir, '-o', 'json'])).stdout);
    expect(json).toMatchObject({
      node: 'gate-01',
      running: false,
      appliedGeneration: 0,
      agent: null,
    });
    expect(JSON.stringify(json)).not.toContain('PRIVATE KEY');
  });

  it('takes the token from BERTH_JOIN_TOKEN', async () => {
    fake = await FakeControlPlane.start();
    const args = ['join', '--server', fake.url, '--node', 'gate-01', '--state-dir', dir];
    expect((await cli(args, { joinToken: fake.addToken('gate-01') })).code).toBe(0);
  });

  it("prints the server's detail and exits 3 when the join is refused", async () => {
    fake = await FakeControlPlane.start();
    const result = await cli(joinArgs(fake.url, 'bjn_wrong'));
    expect(result).toMatchObject({ code: 3, stderr: 'error: The join token is not valid.\n' });
  });

  it('exits 4 when the state directory is already joined, or not joined', async () => {
    fake = await FakeControlPlane.start();
    await cli(joinArgs(fake.url, fake.addToken('gate-01')));
    expect((await cli(joinArgs(fake.url, fake.addToken('gate-01')))).code).toBe(4);
    expect((await cli(['status', '--state-dir', join(dir, 'other')])).code).toBe(4);
  });

  it('exits 8 when the server cannot be reached', async () => {
    expect((await cli(joinArgs('http://127.0.0.1:1', 'bjn_x'))).code).toBe(8);
  });

  it.skipIf(!hasOpenssl())(
    'exits 6, having sent nothing, when the certificate does not match',
    async () => {
      fake = await FakeControlPlane.start({ tls: createSelfSignedCert() });
      const token = fake.addToken('gate-01');
      const wrong = `sha256:${createSelfSignedCert().fingerprint}`;
      const result = await cli(joinArgs(fake.url, token, '--fingerprint', wrong));
      expect(result.code).toBe(6);
      expect(result.stderr).toContain('does not match the pinned');
      expect(fake.httpRequests).toBe(0);
    },
  );
});
