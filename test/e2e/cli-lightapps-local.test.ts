import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightDeployment } from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesOf } from '../../apps/agent/src/engines/process/program-runner.js';
import { defaultAppsDir } from '../../apps/agent/src/engines/process/reachable.js';
import { templates } from '../../apps/server/src/testing/templates.js';
import { ServerProcess } from '../harness/server-process.js';
import { berthCli } from './berth-cli.js';

/**
 * Issue 6's "done when", by the CLI against `npm start` (the launcher: the server and the
 * agent of this machine, node `local` of the cluster `local`): each example light app is
 * created, uploaded, published, deployed, runs and shows its readings; one is upgraded to
 * a version that crash-loops and is rolled back by its host; then deleted, and its program
 * stops.
 */

const adminPassword = 'light apps launcher pass 1';
const examples = fileURLToPath(new URL('../../examples/lightapps/', import.meta.url));
let server: ServerProcess;
let home: string;
let token: string;

const berth = (args: string[]) =>
  berthCli([...args, '-o', 'json'], {
    home,
    config: join(home, 'config.yaml'),
    env: { BERTH_SERVER: server.url, BERTH_TOKEN: token },
  });

async function ok(args: string[]): Promise<unknown> {
  const run = await berth(args);
  if (run.code !== 0) throw new Error(`berth ${args.join(' ')}: ${run.code} ${run.stderr}`);
  return run.stdout.trim() ? JSON.parse(run.stdout) : undefined;
}

async function until<T>(
  what: string | (() => string),
  check: () => Promise<T | undefined>,
  ms = 60_000,
) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end)
      throw new Error(`not reached in time: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A package as a user makes it: the C example compiled here, for this host. */
function packageOf(folder: string, entry: string, compile?: string): string {
  const out = mkdtempSync(join(home, 'pkg-'));
  if (compile)
    execFileSync('cc', ['-O2', '-o', join(out, entry), join(examples, folder, compile), '-lm']);
  else execFileSync('cp', [join(examples, folder, entry), join(out, entry)]);
  execFileSync('tar', ['-czf', join(out, 'p.tar.gz'), entry], { cwd: out });
  return join(out, 'p.tar.gz');
}

/** Where the launcher's agent keeps light apps (beside its state, or under /var/lib/berth). */
let apps = '';
const appsDir = () => apps;
const workloads = () => (existsSync(appsDir()) ? readdirSync(appsDir()) : []);
/** The workload folder on the host of light app `app` (its state file names the app). */
const workloadOf = (app: string) =>
  workloads().find((id) => {
    try {
      const state = JSON.parse(readFileSync(join(appsDir(), id, 'workload.json'), 'utf8'));
      return state.spec?.app === app;
    } catch {
      return false;
    }
  });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'berth-cli-light-'));
  server = await ServerProcess.start({
    templates: templates(),
    launcher: true,
    embedded: true,
    adminPassword,
    env: { BERTH_BUILD_ON_START: '0' }, // `npm test` built everything
  });
  const post = async (path: string, body: unknown, bearer?: string) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? {} : await res.json()) as { token: string };
  };
  const first = await post('/auth/login', { username: 'admin', password: adminPassword });
  const password = 'light apps launcher pass 2';
  await post(
    '/auth/password',
    { currentPassword: adminPassword, newPassword: password },
    first.token,
  );
  const session = await post('/auth/login', { username: 'admin', password });
  token = (await post('/tokens', { name: 'cli light apps' }, session.token)).token;
  apps = await defaultAppsDir(
    join(server.dataDir, 'local-agent'),
    process.getuid?.() === 0 ? { uid: -1, gid: -1 } : undefined,
  );
  await until('the local node online', async () => {
    const res = await fetch(`${server.url}/api/v1/clusters/local/nodes/local`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await res.json()) as { status: string }).status === 'online' ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  // The agent leaves programs running when it stops (a restart adopts them); the test may not.
  const ids = apps ? workloads() : [];
  await server?.stop('SIGTERM');
  for (const id of ids)
    for (const pid of await processesOf(id)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  if (apps && existsSync(apps)) {
    execFileSync('chmod', ['-R', 'u+w', apps]);
    rmSync(apps, { recursive: true, force: true });
  }
  await server?.dispose();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function hostOf(app: string, id: string) {
  const d = (await ok(['lightapps', 'status', app, id])) as LightDeployment;
  return d.hosts[0]!;
}

describe('the example light apps through the CLI on npm start’s local cluster', () => {
  it.each([
    ['py_thermometer', 'python', 'python-thermometer', 'main.py', undefined, '"celsius"'],
    ['js_humidity', 'nodejs', 'nodejs-humidity', 'main.js', undefined, '"humidity"'],
    ['c_vibration', 'c', 'c-vibration', 'vibration', 'vibration.c', '"rms_g"'],
  ] as const)(
    'creates, uploads, publishes and deploys %s (%s), which runs and shows its readings',
    { timeout: 90_000 },
    async (name, language, folder, entry, compile, field) => {
      await ok([
        'lightapps',
        'create',
        name,
        '--language',
        language,
        ...(language === 'c' ? ['--arch', 'x86_64'] : []),
      ]);
      await ok([
        'lightapps',
        'upload',
        name,
        '1.0.0',
        packageOf(folder, entry, compile),
        '--entry',
        entry,
        '--memory-mi',
        '64',
        '--cpu-millis',
        '200',
        '--arg',
        '--every',
        '--arg',
        '1',
      ]);
      await ok(['lightapps', 'publish', name, '1.0.0']);
      const { id } = (await ok([
        'lightapps',
        'deploy',
        name,
        '1.0.0',
        '--cluster',
        'local',
        '--host',
        'local',
      ])) as { id: string };
      let last: unknown;
      const host = await until(
        () => `${name} running (last: ${JSON.stringify(last)})`,
        async () => {
          const h = await hostOf(name, id);
          last = h;
          if (h.phase === 'failed') throw new Error(`${name} failed: ${h.message}`);
          return h.phase === 'running' ? h : undefined;
        },
      );
      expect(host.limitsEnforced).toBe(process.getuid?.() === 0);
      const logs = await until(`${name} readings`, async () => {
        const run = await berthCli(['lightapps', 'logs', name, '--host', 'local', '--tail', '5'], {
          home,
          config: join(home, 'config.yaml'),
          env: { BERTH_SERVER: server.url, BERTH_TOKEN: token },
        });
        return run.code === 0 && run.stdout.includes(field) ? run.stdout : undefined;
      });
      expect(logs).toContain(field);
    },
  );

  it('rolls a crash-looping upgrade back on the host, and the CLI says so; delete stops it', {
    timeout: 120_000,
  }, async () => {
    const broken = join(mkdtempSync(join(home, 'broken-')), 'main.py');
    execFileSync('sh', [
      '-c',
      `printf 'import sys\\nprint("broken build")\\nsys.exit(2)\\n' > ${broken}`,
    ]);
    execFileSync('tar', ['-czf', `${broken}.tar.gz`, 'main.py'], { cwd: join(broken, '..') });
    await ok([
      'lightapps',
      'upload',
      'py_thermometer',
      '2.0.0',
      `${broken}.tar.gz`,
      '--from',
      '1.0.0',
      '--entry',
      'main.py',
      '--memory-mi',
      '64',
      '--cpu-millis',
      '200',
    ]);
    await ok(['lightapps', 'publish', 'py_thermometer', '2.0.0']);
    const thermo = workloadOf('py_thermometer');
    expect(thermo).toBeDefined();
    const { id } = (await ok([
      'lightapps',
      'deploy',
      'py_thermometer',
      '2.0.0',
      '--cluster',
      'local',
      '--host',
      'local',
    ])) as { id: string };
    const host = await until(
      '2.0.0 rolled back',
      async () => {
        const h = await hostOf('py_thermometer', id);
        return h.phase === 'failed' ? h : undefined;
      },
      90_000,
    );
    expect(host.message).toContain('2.0.0 crash-looped');
    expect(host.message).toContain('rolled back to 1.0.0');
    // The version it replaced runs again and keeps printing readings.
    const logs = await until('1.0.0 readings again', async () => {
      const run = await berthCli(
        ['lightapps', 'logs', 'py_thermometer', '--host', 'local', '--tail', '3'],
        {
          home,
          config: join(home, 'config.yaml'),
          env: { BERTH_SERVER: server.url, BERTH_TOKEN: token },
        },
      );
      const last = run.stdout.trim().split('\n').at(-1) ?? '';
      return last.includes('"celsius"') ? last : undefined;
    });
    expect(logs).toContain('"celsius"');

    const running = await processesOf(thermo!);
    expect(running.length).toBeGreaterThan(0);
    expect(await ok(['lightapps', 'delete', 'py_thermometer', '--yes'])).toEqual({
      name: 'py_thermometer',
      deleted: true,
    });
    await until('its program stopped and its folder gone', async () =>
      (await processesOf(thermo!)).length === 0 && !workloads().includes(thermo!)
        ? true
        : undefined,
    );
  });
});
