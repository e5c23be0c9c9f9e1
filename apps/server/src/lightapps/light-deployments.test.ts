import { sign } from 'node:crypto';
import {
  blobRequestText,
  type ProcessWorkloadSpec,
  type ServerMessage,
  type WorkloadStatus,
} from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSimNode, SimAgent, type SimIdentity } from '../../../../test/harness/sim-agent.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { makePackage } from '../testing/test-packages.js';

/**
 * Deployments of light apps against simulated hosts (x86_64): which host gets which
 * `process` workload, the per-host progress read from their reports, and the node-signed
 * package download the process driver uses.
 */

describe('light app deployments', () => {
  let t: TestApp;
  let url: string;
  let token: string;
  const ids = new Map<string, SimIdentity>();
  const agents = new Map<string, SimAgent>();
  /** The process workloads each host last received. */
  const received = new Map<string, { id: string; revision: string; spec: ProcessWorkloadSpec }[]>();
  /** What each host reports for its workloads, when told to. */
  const reports = new Map<string, Omit<WorkloadStatus, 'id' | 'nodes'>>();

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    t.call(method, `/api/v1${path}`, { token, account: 'acme', body });

  function reporter(host: string) {
    return (message: ServerMessage, agent: SimAgent) => {
      if (message.type !== 'desired') return;
      const workloads = message.workloads.filter((w) => w.kind === 'process');
      received.set(
        host,
        workloads.map((w) => ({
          id: w.id,
          revision: w.revision,
          spec: w.spec as ProcessWorkloadSpec,
        })),
      );
      const report = reports.get(host);
      if (!report) return;
      agent.send({
        type: 'status',
        generation: message.generation,
        workloads: workloads.map((w) => ({ id: w.id, nodes: [], ...report, revision: w.revision })),
      });
    };
  }

  async function host(name: string, join = true) {
    const node = (await api('POST', '/clusters/plant/nodes', { name })).json();
    if (!join) return;
    const identity = await joinSimNode(url, name, node.join.token);
    ids.set(name, identity);
    const agent = new SimAgent(url, identity, { onMessage: reporter(name) });
    agents.set(name, agent);
    await agent.connect();
  }

  async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
    const start = Date.now();
    for (;;) {
      await t.services.fleet.flush();
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function publish(name: string, version: string, language = 'python', arch?: string) {
    if (version === '1.0.0') {
      await api('POST', '/lightapps', { name, language, ...(arch ? { arch } : {}) });
      await api('POST', `/lightapps/${name}/versions`, { version, kind: 'initial' });
    } else {
      await api('POST', `/lightapps/${name}/versions`, { version, kind: 'upgrade', from: '1.0.0' });
    }
    await t.inject({
      method: 'PUT',
      url: `/api/v1/lightapps/${name}/versions/${version}/package`,
      // Each app's own bytes: equal packages share one blob, which every host holding it may fetch.
      payload: makePackage('tar.gz', { 'main.py': `print("${name} ${version}")\n` }),
      headers: {
        authorization: `Bearer ${token}`,
        'berth-account': 'acme',
        'content-type': 'application/gzip',
      },
    });
    await api('PUT', `/lightapps/${name}/versions/${version}/config`, {
      entry: 'main.py',
      args: ['$(reboot)'],
      memoryMi: 32,
      cpuMillis: 200,
    });
    const res = await api('POST', `/lightapps/${name}/versions/${version}/publish`);
    if (res.statusCode !== 200) throw new Error(res.body);
  }

  const deployment = async (app: string, id: string) =>
    (await api('GET', `/lightapps/${app}/deployments/${id}`)).json();

  beforeAll(async () => {
    t = await TestApp.create(templates(), { fleet: { writeIntervalMs: 20 } });
    url = await t.listen();
    await t.createAccount('acme');
    token = await t.member('acme', 'owen', 'owner');
    await api('POST', '/clusters', { name: 'plant', type: 'edge' });
    await host('gate-01');
    await host('gate-02');
    await host('gate-03');
    await host('spare', false);
    await publish('sensor', '1.0.0');
  });
  afterAll(async () => {
    for (const agent of agents.values()) agent.close();
    await t.close();
  });

  it('puts a process workload on each host and shows them queued until they report', async () => {
    const res = await api('POST', '/lightapps/sensor/deployments', {
      version: '1.0.0',
      cluster: 'plant',
      hosts: ['gate-01', 'gate-02'],
    });
    expect(res.statusCode).toBe(202);
    const { id } = res.json();
    const got = await eventually(async () => received.get('gate-02')?.[0]);
    expect(got.spec).toMatchObject({
      app: 'sensor',
      version: '1.0.0',
      language: 'python',
      entry: 'main.py',
      args: ['$(reboot)'],
      memoryMi: 32,
      cpuMillis: 200,
      run: { mode: 'always' },
      package: {
        format: 'tar.gz',
        path: expect.stringMatching(/^\/api\/v1\/agent\/blobs\/[0-9a-f]{64}$/),
      },
    });
    expect(received.get('gate-03')).toEqual([]);
    expect((await deployment('sensor', id)).hosts).toEqual([
      { node: 'gate-01', phase: 'queued', message: null, limitsEnforced: null },
      { node: 'gate-02', phase: 'queued', message: null, limitsEnforced: null },
    ]);
  });

  it('shows each host’s progress from its reports, with a failure’s message', async () => {
    reports.set('gate-01', { phase: 'running', limitsEnforced: true });
    reports.set('gate-02', {
      phase: 'failed',
      message: 'main.py exited 1 five times',
      limitsEnforced: false,
    });
    await publish('reporter', '1.0.0');
    const { id } = (
      await api('POST', '/lightapps/reporter/deployments', {
        version: '1.0.0',
        cluster: 'plant',
        hosts: ['gate-01', 'gate-02'],
      })
    ).json();
    const hosts = await eventually(async () => {
      const d = await deployment('reporter', id);
      return d.hosts.every((h: { phase: string }) => h.phase !== 'queued') ? d.hosts : undefined;
    });
    expect(hosts).toEqual([
      { node: 'gate-01', phase: 'running', message: null, limitsEnforced: true },
      {
        node: 'gate-02',
        phase: 'failed',
        message: 'main.py exited 1 five times',
        limitsEnforced: false,
      },
    ]);
    reports.clear();
  });

  it('replaces the earlier version on a host that gets a later deployment', async () => {
    await publish('sensor', '1.1.0');
    const first = (
      await api('POST', '/lightapps/sensor/deployments', {
        version: '1.0.0',
        cluster: 'plant',
        hosts: ['gate-03'],
      })
    ).json().id;
    const second = (
      await api('POST', '/lightapps/sensor/deployments', {
        version: '1.1.0',
        cluster: 'plant',
        hosts: ['gate-03'],
      })
    ).json().id;
    const now = await eventually(async () => {
      const w = received.get('gate-03');
      return w?.length === 1 && w[0]?.spec.version === '1.1.0' ? w : undefined;
    });
    expect(now).toHaveLength(1);
    expect((await deployment('sensor', first)).hosts).toEqual([
      {
        node: 'gate-03',
        phase: 'replaced',
        message: 'a later deployment took this host over',
        limitsEnforced: null,
      },
    ]);
    expect((await deployment('sensor', second)).hosts[0].phase).toBe('queued');
  });

  it('refuses unknown hosts, drafts and C apps built for another arch — by name, changing nothing', async () => {
    const unknown = await api('POST', '/lightapps/sensor/deployments', {
      version: '1.0.0',
      cluster: 'plant',
      hosts: ['gate-01', 'gate-99'],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      { path: 'hosts[1]', in: 'body', message: 'gate-99 is not a host of cluster plant' },
    ]);
    await api('POST', '/lightapps/sensor/versions', {
      version: '2.0.0',
      kind: 'upgrade',
      from: '1.1.0',
    });
    const draft = await api('POST', '/lightapps/sensor/deployments', {
      version: '2.0.0',
      cluster: 'plant',
      hosts: ['gate-01'],
    });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().code).toBe('version_not_published');
    await publish('blinker', '1.0.0', 'c', 'aarch64');
    const arch = await api('POST', '/lightapps/blinker/deployments', {
      version: '1.0.0',
      cluster: 'plant',
      hosts: ['gate-01', 'spare'],
    });
    expect(arch.statusCode).toBe(422);
    expect(arch.json().errors).toEqual([
      {
        path: 'hosts[0]',
        in: 'body',
        message: 'gate-01 is x86_64, but blinker is built for aarch64',
      },
      {
        path: 'hosts[1]',
        in: 'body',
        message: 'spare has not joined yet, so its arch is unknown (blinker is built for aarch64)',
      },
    ]);
    await publish('native', '1.0.0', 'c', 'x86_64');
    const ok = await api('POST', '/lightapps/native/deployments', {
      version: '1.0.0',
      cluster: 'plant',
      hosts: ['gate-01'],
    });
    expect(ok.statusCode).toBe(202);
  });

  describe('the package download', () => {
    const fetchBlob = (
      host: string,
      path: string,
      extra: Record<string, string> = {},
      signer = host,
    ) => {
      const sha256 = path.split('/').pop() as string;
      const time = String(t.clock.now().getTime());
      const identity = ids.get(signer) as SimIdentity;
      const signature = sign(
        null,
        Buffer.from(blobRequestText(ids.get(host)?.nodeId ?? 'x', sha256, time)),
        identity.privateKey,
      ).toString('base64');
      return t.inject({
        method: 'GET',
        url: path,
        headers: {
          'berth-node': ids.get(host)?.nodeId ?? 'x',
          'berth-time': time,
          'berth-signature': signature,
          ...extra,
        },
      });
    };

    it('serves a host the package its desired state names, whole or from an offset', async () => {
      const path = (received.get('gate-01')![0]!.spec as ProcessWorkloadSpec).package.path;
      const whole = await fetchBlob('gate-01', path);
      expect(whole.statusCode).toBe(200);
      const sha256 = path.split('/').pop() as string;
      expect(whole.headers['x-berth-sha256']).toBe(sha256);
      expect(whole.rawPayload.equals(await t.services.blobs.read(sha256))).toBe(true);
      const rest = await fetchBlob('gate-01', path, { range: 'bytes=10-' });
      expect(rest.statusCode).toBe(206);
      expect(rest.headers['content-range']).toBe(
        `bytes 10-${whole.rawPayload.length - 1}/${whole.rawPayload.length}`,
      );
      expect(rest.rawPayload.equals(whole.rawPayload.subarray(10))).toBe(true);
      const beyond = await fetchBlob('gate-01', path, {
        range: `bytes=${whole.rawPayload.length}-`,
      });
      expect(beyond.statusCode).toBe(416);
    });

    it('refuses a wrong signature, and packages the host was not given', async () => {
      const path = (received.get('gate-01')![0]!.spec as ProcessWorkloadSpec).package.path;
      const forged = await fetchBlob('gate-01', path, {}, 'gate-02');
      expect(forged.statusCode).toBe(401);
      expect(forged.json().code).toBe('node_signature_invalid');
      const stale = await fetchBlob('gate-01', path, {
        'berth-time': String(t.clock.now().getTime() - 3_600_000),
      });
      expect(stale.statusCode).toBe(401);
      const native = await eventually(
        async () =>
          received.get('gate-01')?.find((w) => w.spec.app === 'native')?.spec.package.path,
      );
      expect((await fetchBlob('gate-02', native)).statusCode).toBe(404);
      expect((await fetchBlob('gate-01', `/api/v1/agent/blobs/${'0'.repeat(64)}`)).statusCode).toBe(
        404,
      );
    });
  });

  it('lists what the hosts reported about an app', async () => {
    const workload = received.get('gate-01')?.find((w) => w.spec.app === 'sensor')?.id as string;
    agents.get('gate-01')?.send({
      type: 'events',
      events: [
        {
          id: '6f1c1a52-8a8e-4f43-9a34-3f5a1d0c2b11',
          time: new Date().toISOString(),
          workload,
          node: null,
          reason: 'oom-killed',
          message: 'main.py used more than 32Mi and was killed',
        },
      ],
    });
    const items = await eventually(async () => {
      const res = await api('GET', '/lightapps/sensor/events');
      return res.json().items.length > 0 ? res.json().items : undefined;
    });
    expect(items).toEqual([
      expect.objectContaining({
        host: 'gate-01',
        reason: 'oom-killed',
        message: 'main.py used more than 32Mi and was killed',
      }),
    ]);
  });

  it('lists the deployments of an app, newest first, in pages, each with its hosts', async () => {
    const all = (await api('GET', '/lightapps/sensor/deployments')).json();
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const times = all.items.map((d: { createdAt: string }) => Date.parse(d.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const first = (await api('GET', '/lightapps/sensor/deployments?limit=1')).json();
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toEqual(all.items[0]);
    expect(first.items[0].hosts.length).toBeGreaterThan(0);
    const next = (
      await api('GET', `/lightapps/sensor/deployments?limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(next.items[0]).toEqual(all.items[1]);
    expect((await api('GET', '/lightapps/nobody/deployments')).statusCode).toBe(404);
  });

  it('deletes a light app and takes it off every host it ran on, leaving other apps be', async () => {
    await host('gate-04');
    await publish('doomed', '1.0.0');
    await publish('keeper', '1.0.0');
    for (const app of ['doomed', 'keeper']) {
      const res = await api('POST', `/lightapps/${app}/deployments`, {
        version: '1.0.0',
        cluster: 'plant',
        hosts: ['gate-04'],
      });
      expect(res.statusCode).toBe(202);
    }
    const apps = async () => (received.get('gate-04') ?? []).map((w) => w.spec.app).sort();
    await eventually(async () => ((await apps()).length === 2 ? true : undefined));
    expect(await apps()).toEqual(['doomed', 'keeper']);

    expect((await api('DELETE', '/lightapps/doomed')).statusCode).toBe(204);
    await eventually(async () => ((await apps()).length === 1 ? true : undefined));
    expect(await apps()).toEqual(['keeper']);
    expect((await api('GET', '/lightapps/doomed')).statusCode).toBe(404);
    expect((await api('GET', '/lightapps/doomed/versions')).statusCode).toBe(404);
    expect((await api('DELETE', '/lightapps/doomed')).statusCode).toBe(404);
    expect((await api('GET', '/lightapps/keeper')).statusCode).toBe(200);
  });
});
