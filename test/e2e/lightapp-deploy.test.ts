import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAgent, startAgent } from '../../apps/agent/src/agent.js';
import { createAgentLogger } from '../../apps/agent/src/agent-logger.js';
import { removeLimits } from '../../apps/agent/src/engines/process/process-limits.js';
import { processesOf } from '../../apps/agent/src/engines/process/program-runner.js';
import { createDrivers } from '../../apps/agent/src/engines.js';
import { joinNode } from '../../apps/agent/src/join/join-node.js';
import { StateStore } from '../../apps/agent/src/state/state-store.js';
import { systemClock } from '../../apps/server/src/clock.js';
import { templates } from '../../apps/server/src/testing/templates.js';
import { TestApp } from '../../apps/server/src/testing/test-app.js';
import { simFacts } from '../harness/sim-agent.js';

/**
 * A light app from upload to a running host process: the control plane in this process
 * (listening on a port), a real agent joined over HTTP and WebSocket with the process
 * driver, the package fetched node-signed, unpacked and run under its limits; then an
 * upgrade replaces the program on the host.
 */
describe('a Python light app deployed to a joined host', () => {
  let t: TestApp;
  let token: string;
  let agent: RunningAgent;
  const dir = mkdtempSync(join(tmpdir(), 'berth-lightapp-e2e-'));
  chmodSync(dir, 0o711);
  const stateDir = join(dir, 'state');
  const examples = new URL('../../examples/lightapps/', import.meta.url).pathname;
  const api = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
    t.call(method, `/api/v1${path}`, { token, account: 'acme', body });

  function pkg(version: string): Buffer {
    const src = mkdtempSync(join(dir, 'src-'));
    writeFileSync(
      join(src, 'main.py'),
      `import sys, time\nwhile True:\n    print("${version} temperature 21.5", sys.argv[1:], flush=True)\n    time.sleep(0.5)\n`,
    );
    execFileSync('zip', ['-q', join(src, 'p.zip'), 'main.py'], { cwd: src });
    return readFileSync(join(src, 'p.zip'));
  }

  async function release(version: string) {
    if (version === '1.0.0') {
      await api('POST', '/lightapps', { name: 'thermo', language: 'python' });
      await api('POST', '/lightapps/thermo/versions', { version, kind: 'initial' });
    } else {
      await api('POST', '/lightapps/thermo/versions', { version, kind: 'upgrade', from: '1.0.0' });
    }
    const upload = await t.inject({
      method: 'PUT',
      url: `/api/v1/lightapps/thermo/versions/${version}/package`,
      payload: pkg(version),
      headers: {
        authorization: `Bearer ${token}`,
        'berth-account': 'acme',
        'content-type': 'application/zip',
      },
    });
    expect(upload.statusCode, upload.body).toBe(200);
    await api('PUT', `/lightapps/thermo/versions/${version}/config`, {
      entry: 'main.py',
      args: ['--sensor', '$(simulated)'],
      memoryMi: 64,
      cpuMillis: 250,
    });
    expect((await api('POST', `/lightapps/thermo/versions/${version}/publish`)).statusCode).toBe(
      200,
    );
  }

  async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await t.services.fleet.flush();
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('not reached in time');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const hostOf = async (id: string) =>
    (await api('GET', `/lightapps/thermo/deployments/${id}`)).json().hosts[0] as {
      phase: string;
      limitsEnforced: boolean | null;
      message: string | null;
    };

  beforeAll(async () => {
    // Real time: the agent signs package requests with its own clock.
    t = await TestApp.create(templates(), { clock: systemClock, fleet: { writeIntervalMs: 50 } });
    const url = await t.listen();
    await t.createAccount('acme');
    token = await t.member('acme', 'owner', 'owner');
    await api('POST', '/clusters', { name: 'field', type: 'edge' });
    const node = (await api('POST', '/clusters/field/nodes', { name: 'gate-01' })).json();
    await joinNode(await StateStore.open(stateDir), {
      server: url,
      token: node.join.token,
      node: 'gate-01',
      facts: simFacts,
    });
    agent = await startAgent({
      stateDir,
      logger: createAgentLogger('error', { write: () => true }),
      drivers: createDrivers({ stateDir, engine: 'none', engineSockets: [] }),
      collectFacts: async () => simFacts,
      agentVersion: 'test',
      reconcileIntervalMs: 500,
    });
  });

  afterAll(async () => {
    await agent?.stop();
    // The agent leaves programs running when it stops (a restart adopts them); the test may not.
    for (const id of execFileSync('ls', [`${stateDir}-apps`])
      .toString()
      .trim()
      .split('\n')) {
      for (const pid of await processesOf(id)) process.kill(pid, 'SIGKILL');
      while ((await processesOf(id)).length > 0) await new Promise((r) => setTimeout(r, 50));
      await removeLimits(id);
    }
    await t?.close();
    execFileSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the program on the host, shows it running with its limits, and upgrades it', {
    timeout: 120_000,
  }, async () => {
    await release('1.0.0');
    const first = await api('POST', '/lightapps/thermo/deployments', {
      version: '1.0.0',
      cluster: 'field',
      hosts: ['gate-01'],
    });
    expect(first.statusCode).toBe(202);
    const running = await until(async () => {
      const h = await hostOf(first.json().id);
      return h.phase === 'running' ? h : undefined;
    });
    expect(running.limitsEnforced).toBe(process.getuid?.() === 0);
    const appsDir = `${stateDir}-apps`;
    const [workload] = execFileSync('ls', [appsDir]).toString().trim().split('\n');
    const log = () => readFileSync(join(appsDir, workload as string, 'logs', 'output.log'), 'utf8');
    await until(async () => (log().includes('1.0.0 temperature') ? true : undefined));
    expect(log()).toContain("['--sensor', '$(simulated)']");
    expect(await processesOf(workload as string)).toHaveLength(1);

    await release('1.1.0');
    const second = await api('POST', '/lightapps/thermo/deployments', {
      version: '1.1.0',
      cluster: 'field',
      hosts: ['gate-01'],
    });
    await until(async () =>
      (await hostOf(second.json().id)).phase === 'running' ? true : undefined,
    );
    await until(async () => (log().includes('1.1.0 temperature') ? true : undefined));
    expect(await processesOf(workload as string)).toHaveLength(1);
    expect((await hostOf(first.json().id)).phase).toBe('replaced');
    const tail = () =>
      t.call('GET', '/api/v1/lightapps/thermo/logs', {
        token,
        account: 'acme',
        query: { host: 'gate-01', tail: '3' },
      });
    // The program prints a reading every 0.5 s: wait until there are three to tail.
    await until(async () =>
      (await tail()).body.trim().split('\n').length >= 3 ? true : undefined,
    );
    const logs = await tail();
    expect(logs.statusCode, logs.body).toBe(200);
    const lines = logs.body.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toContain('1.1.0 temperature 21.5');
  });
  /** An example's package as a user would make it: the C one compiled here, for this host. */
  function examplePackage(folder: string, entry: string, compile?: string): Buffer {
    const src = join(examples, folder);
    const out = mkdtempSync(join(dir, 'example-'));
    if (compile) execFileSync('cc', ['-O2', '-o', join(out, entry), join(src, compile), '-lm']);
    else execFileSync('cp', [join(src, entry), join(out, entry)]);
    execFileSync('tar', ['-czf', join(out, 'p.tar.gz'), entry], { cwd: out });
    return readFileSync(join(out, 'p.tar.gz'));
  }

  it.each([
    ['py_thermometer', 'python', 'python-thermometer', 'main.py', undefined, '"celsius"'],
    ['js_humidity', 'nodejs', 'nodejs-humidity', 'main.js', undefined, '"humidity"'],
    ['c_vibration', 'c', 'c-vibration', 'vibration', 'vibration.c', '"rms_g"'],
  ] as const)(
    'runs the example %s (%s) and shows its readings',
    { timeout: 60_000 },
    async (name, language, folder, entry, compile, field) => {
      await api('POST', '/lightapps', {
        name,
        language,
        ...(language === 'c' ? { arch: 'x86_64' } : {}),
      });
      await api('POST', `/lightapps/${name}/versions`, { version: '1.0.0', kind: 'initial' });
      const upload = await t.inject({
        method: 'PUT',
        url: `/api/v1/lightapps/${name}/versions/1.0.0/package`,
        payload: examplePackage(folder, entry, compile),
        headers: {
          authorization: `Bearer ${token}`,
          'berth-account': 'acme',
          'content-type': 'application/gzip',
        },
      });
      expect(upload.statusCode, upload.body).toBe(200);
      await api('PUT', `/lightapps/${name}/versions/1.0.0/config`, {
        entry,
        args: ['--every', '1'],
        env: { SENSOR_ID: `${name}-7` },
        memoryMi: 64,
        cpuMillis: 200,
      });
      expect((await api('POST', `/lightapps/${name}/versions/1.0.0/publish`)).statusCode).toBe(200);
      const { id } = (
        await api('POST', `/lightapps/${name}/deployments`, {
          version: '1.0.0',
          cluster: 'field',
          hosts: ['gate-01'],
        })
      ).json();
      await until(async () => {
        const res = await api('GET', `/lightapps/${name}/deployments/${id}`);
        return res.json().hosts[0].phase === 'running' ? true : undefined;
      });
      const text = await until(async () => {
        const logs = await t.call('GET', `/api/v1/lightapps/${name}/logs`, {
          token,
          account: 'acme',
          query: { host: 'gate-01', tail: '2' },
        });
        return logs.statusCode === 200 && logs.body.includes(field) ? logs.body : undefined;
      });
      expect(text).toContain(`${name}-7`);
    },
  );
});
