import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Instance } from '@berth/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { aNodeStatus, anInstance } from '../testing/fixtures.js';
import {
  FakeClock,
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
  type SeenRequest,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

const deployArgs = [
  'deploy',
  'shop-north',
  '--app',
  'shop',
  '--version',
  '1.0.0',
  '--cluster',
  'north',
];

/**
 * A server that accepts the deployment (202, pending), then answers the instance's
 * reads with `reads` in turn (the last for ever) and no events.
 */
function deployment(reads: (Instance | Response)[]) {
  let read = 0;
  return (request: SeenRequest) => {
    if (request.method === 'POST') return jsonAnswer(202, anInstance());
    if (request.path.includes('/events')) return jsonAnswer(200, { items: [] });
    const answer = reads[Math.min(read++, reads.length - 1)]!;
    return answer instanceof Response ? answer : jsonAnswer(200, answer);
  };
}

const phase = (p: Instance['status']['phase'], extra: Partial<Instance['status']> = {}) =>
  anInstance({ status: { phase: p, ...extra } });

describe('berth deploy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-deploy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('deploys with typed parameters, replicas, a deadline and the host, and returns at once', async () => {
    const file = join(dir, 'params.yaml');
    writeFileSync(file, 'apiKey: s3cret\nport: 80\n');
    const run = await berth(
      [
        ...deployArgs,
        '--node',
        'gate-01',
        '--param',
        'site=north',
        '--param',
        'port=8080',
        '--param',
        'debug=false',
        '--param',
        'zip="01234"',
        '--param-file',
        file,
        '--replicas',
        'web=2',
        '--replicas',
        'worker=0',
        '--deadline',
        '2m',
      ],
      { answer: () => jsonAnswer(202, anInstance()) },
    );

    expect(run.code).toBe(0);
    expect(run.requests).toHaveLength(1);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/instances',
      body: {
        name: 'shop-north',
        app: 'shop',
        version: '1.0.0',
        cluster: 'north',
        node: 'gate-01',
        params: { site: 'north', port: 8080, debug: false, zip: '01234', apiKey: 's3cret' },
        replicas: { web: 2, worker: 0 },
        deadlineSeconds: 120,
      },
    });
    expect(run.stderr).toBe('Deploying shop 1.0.0 as instance "shop-north" on north/gate-01.\n');
    expect(run.stdout).toMatch(
      /^NAME\s+APP\s+VERSION\s+CLUSTER\s+HOST\s+PHASE\s+READY\s+UPDATED\n/,
    );
    expect(run.stdout).toMatch(
      /^shop-north\s+shop\s+1\.0\.0\s+north\s+gate-01\s+pending\s+<none>\s/m,
    );
  });

  it('takes a secret from stdin and sends no params when none are given', async () => {
    const secret = await berth([...deployArgs, '--param-stdin', 'apiKey'], {
      stdin: 'k-123\n',
      answer: () => jsonAnswer(202, anInstance()),
    });
    const none = await berth(deployArgs, { answer: () => jsonAnswer(202, anInstance()) });

    expect(secret.requests[0]?.body).toMatchObject({ params: { apiKey: 'k-123' } });
    expect(none.requests[0]?.body).not.toHaveProperty('params');
  });

  it('refuses a --param without = and a bad --replicas before any request (exit 2)', async () => {
    const param = await berth([...deployArgs, '--param', 'site']);
    const replicas = await berth([...deployArgs, '--replicas', 'web']);

    expect(param.code).toBe(2);
    expect(param.stderr).toContain('--param "site" is not key=value');
    expect(replicas.code).toBe(2);
    expect([...param.requests, ...replicas.requests]).toEqual([]);
  });

  it('waits until running with --wait: progress on stderr, the instance on stdout, exit 0', async () => {
    const clock = new FakeClock();
    const running = phase('running', { nodes: [aNodeStatus('web', 'running')] });
    const run = await berth([...deployArgs, '--wait', '-o', 'json'], {
      clock,
      answer: deployment([
        phase('deploying', { nodes: [aNodeStatus('web', 'starting')] }),
        running,
      ]),
    });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(running);
    expect(run.stderr).toBe(
      [
        'Deploying shop 1.0.0 as instance "shop-north" on north/gate-01.',
        'shop-north: pending',
        'shop-north: pending → deploying',
        '  web: starting',
        'shop-north: deploying → running',
        '  web: starting → running',
        '',
      ].join('\n'),
    );
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('exits 10 with the reason when the deployment fails', async () => {
    const run = await berth([...deployArgs, '--wait'], {
      answer: deployment([
        phase('deploying'),
        phase('failed', { reason: 'not healthy within 300 s: web (starting)' }),
      ]),
    });

    expect(run.code).toBe(10);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'error: deployment failed: not healthy within 300 s: web (starting)\n',
    );
  });

  it('exits 11 when --timeout passes first', async () => {
    const clock = new FakeClock();
    const run = await berth([...deployArgs, '--wait', '--timeout', '30s'], {
      clock,
      answer: deployment([phase('deploying')]),
    });

    expect(run.code).toBe(11);
    expect(run.stderr).toMatch(
      /error: Timed out after 30s waiting for instance "shop-north" to be running \(it is deploying\)/,
    );
    expect(clock.sleeps).toHaveLength(30);
  });

  it('draws a spinner line on a terminal and clears it at the end', async () => {
    const run = await berth([...deployArgs, '--wait'], {
      terminal: true,
      answer: deployment([phase('deploying'), phase('running')]),
    });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\r\x1b[2K⠋ shop-north deploying · 1s');
    expect(run.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('exits 6 for a conflict and 7 for refused parameters, with their field errors', async () => {
    const conflict = await berth(deployArgs, {
      answer: () => problemAnswer(409, 'version_not_published'),
    });
    const invalid = await berth([...deployArgs, '--param', 'site=NORTH'], {
      answer: () =>
        problemAnswer(422, 'validation_failed', {
          errors: [{ path: 'params.site', message: 'must match ^[a-z]+$' }],
        }),
    });

    expect(conflict.code).toBe(6);
    expect(invalid.code).toBe(7);
    expect(invalid.stderr).toContain('  params.site: must match ^[a-z]+$');
  });
});
