import type { InstanceWorkloadSpec, ServerMessage, WorkloadNode } from '@berth/spec';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSimNode, SimAgent } from '../../../../test/harness/sim-agent.js';
import { dbSnapshot } from '../testing/db-snapshot.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { TestClock } from '../testing/test-clock.js';

/**
 * R15 on every deploy path: a version whose containers ask for privileged, host PID,
 * capabilities, devices or host paths — in every spelling — is refused unless the
 * platform admin allowed exactly that for the account, and a refusal changes nothing.
 * The host is simulated; the real engine's side is test/e2e/engine-container-security.
 */

type Policy = {
  privileged?: boolean;
  hostPID?: boolean;
  capabilities?: string[];
  devices?: string[];
  hostPaths?: string[];
};
type Case = {
  what: string;
  /** What the `reader` node (nodes[1]) adds to itself. */
  asks: Record<string, unknown>;
  /** The field a refusal names, below `nodes[1].`. */
  field: string;
  /** The policy that allows exactly it. */
  allow: Policy;
  /** What the host must receive once it is allowed. */
  sent: (node: WorkloadNode) => unknown;
};

const capability = (c: string, canonical = 'SYS_ADMIN'): Case => ({
  what: `capability ${JSON.stringify(c)}`,
  asks: { security: { capabilities: [c] } },
  field: 'security.capabilities[0]',
  allow: { capabilities: [canonical] },
  sent: (n) => expect(n.security?.capabilities).toEqual([canonical]),
});
const device = (d: string, container = '/dev/ttyUSB0', permissions = 'rwm'): Case => ({
  what: `device ${JSON.stringify(d)}`,
  asks: { security: { devices: [d] } },
  field: 'security.devices[0]',
  allow: { devices: ['/dev/ttyUSB0'] },
  sent: (n) =>
    expect(n.security?.devices).toEqual([
      { hostPath: '/dev/ttyUSB0', containerPath: container, permissions },
    ]),
});
const hostPath = (p: string): Case => ({
  what: `host path ${JSON.stringify(p)}`,
  asks: { volumes: [{ name: 'host', mountPath: '/host', hostPath: p, readOnly: true }] },
  field: 'volumes[0].hostPath',
  allow: { hostPaths: ['/etc'] },
  sent: (n) =>
    expect(n.volumes).toEqual([
      { name: 'host', mountPath: '/host', hostPath: '/etc', readOnly: true },
    ]),
});

const cases: Case[] = [
  {
    what: 'privileged',
    asks: { security: { privileged: true } },
    field: 'security.privileged',
    allow: { privileged: true },
    sent: (n) => expect(n.security).toMatchObject({ privileged: true, hostPID: false }),
  },
  {
    what: 'host PID',
    asks: { security: { hostPID: true } },
    field: 'security.hostPID',
    allow: { hostPID: true },
    sent: (n) => expect(n.security).toMatchObject({ privileged: false, hostPID: true }),
  },
  capability('SYS_ADMIN'),
  capability('CAP_SYS_ADMIN'),
  capability('cap_sys_admin'),
  capability(' sys_admin '),
  capability('all', 'ALL'),
  device('/dev/ttyUSB0'),
  device('/dev//ttyUSB0/'),
  device('/dev/x/../ttyUSB0:rw', '/dev/ttyUSB0', 'rw'),
  device('/dev/ttyUSB0:/dev/ttyS0:mr', '/dev/ttyS0', 'rm'),
  hostPath('/etc'),
  hostPath('/etc/'),
  hostPath('//etc'),
  hostPath('/srv/data/../../etc'),
  hostPath('/var/./../etc/.'),
];

/** Small nodes: some twenty instances share one simulated host of 4 CPUs. */
const small = { cpu: '10m', memory: '16Mi' };
const nodes = (tag: string, asks: Record<string, unknown> = {}) => [
  { name: 'web', kind: 'custom', image: `localhost/web:${tag}`, resources: small },
  { name: 'reader', kind: 'custom', image: `localhost/reader:${tag}`, resources: small, ...asks },
];

describe('the container policy on every deploy path (R15)', () => {
  let t: TestApp;
  let admin: string;
  let op: string;
  let dev: string;
  let agent: SimAgent;
  let failing = (_spec: InstanceWorkloadSpec) => false;
  const clock = new TestClock(Date.now());
  const received: InstanceWorkloadSpec[] = [];

  function report(a: SimAgent, message: ServerMessage) {
    if (message.type !== 'desired') return;
    a.send({
      type: 'status',
      generation: message.generation,
      workloads: message.workloads.map((w) => {
        const spec = w.spec as InstanceWorkloadSpec;
        received.push(spec);
        const bad = failing(spec);
        return {
          id: w.id,
          revision: w.revision,
          phase: 'reported',
          nodes: spec.nodes.map((n) => ({
            name: n.name,
            restarts: 0,
            endpoints: [],
            phase: spec.stopped ? 'stopped' : bad ? 'unhealthy' : 'running',
            ready: !spec.stopped && !bad,
          })),
        };
      }),
    });
  }

  const api = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, token = op) =>
    t.call(method, `/api/v1${path}`, { token, account: 'acme', body });

  const allow = async (policy: Policy) => {
    const body = {
      privileged: false,
      hostPID: false,
      capabilities: [],
      devices: [],
      hostPaths: [],
    };
    const res = await t.call('PUT', '/api/v1/accounts/acme/container-policy', {
      token: admin,
      body: { ...body, ...policy },
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  async function publish(app: string, version: string, spec: unknown, from?: string) {
    await api(
      'POST',
      `/apps/${app}/versions`,
      from ? { version, kind: 'upgrade', from } : { version, kind: 'initial' },
      dev,
    );
    const etag = (await api('GET', `/apps/${app}/versions/${version}`, undefined, dev)).headers
      .etag as string;
    const put = await t.call('PUT', `/api/v1/apps/${app}/versions/${version}/spec`, {
      token: dev,
      account: 'acme',
      body: spec,
      headers: { 'if-match': etag },
    });
    if (put.statusCode !== 200) throw new Error(put.body);
    await api('POST', `/apps/${app}/versions/${version}/publish`, undefined, dev);
  }

  /** An app whose 1.0.0 and 1.2.0 ask for nothing and whose 1.1.0 asks for `asks`. */
  async function appAsking(app: string, asks: Record<string, unknown>) {
    await api(
      'POST',
      '/apps',
      { name: app, distribution: 'instance', deployment: 'edge-hosted' },
      dev,
    );
    await publish(app, '1.0.0', { nodes: nodes('1') });
    await publish(app, '1.1.0', { nodes: nodes('2', asks) }, '1.0.0');
    await publish(app, '1.2.0', { nodes: nodes('3') }, '1.1.0');
  }

  /** Runs a refused call: 403 naming the field, and not one row changed anywhere. */
  async function refused(call: () => Promise<LightMyRequestResponse>, field: string) {
    await t.services.fleet.flush();
    const before = await dbSnapshot(t.db);
    const sent = received.length;
    const res = await call();
    await t.services.fleet.flush();
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json()).toMatchObject({ code: 'container_policy', status: 403 });
    expect(res.json().errors).toEqual([
      {
        path: `nodes[1].${field}`,
        message: expect.stringContaining('the platform admin must allow it'),
      },
    ]);
    expect(await dbSnapshot(t.db)).toBe(before);
    expect(received.length).toBe(sent);
  }

  const version = async (name: string) => (await api('GET', `/instances/${name}`)).json().version;

  /** Waits until the host has been sent this version of the instance (so nothing is in flight). */
  async function sent(name: string, version: string, stopped = false) {
    for (let i = 0; i < 250; i++) {
      await t.services.fleet.flush();
      const last = received.findLast((s) => s.instance === name);
      if (last?.version === version && last.stopped === stopped) return last;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${name} ${version} was never sent to the host`);
  }

  beforeAll(async () => {
    t = await TestApp.create(templates(), {
      clock,
      controllerIntervalMs: 3_600_000,
      // A test moves the clock minutes ahead: no heartbeat sweep may read that jump and cut
      // the agent's session (instances.test.ts says how that failed a loaded CI run).
      fleet: { writeIntervalMs: 20, sweepIntervalMs: 3_600_000 },
    });
    const url = await t.listen();
    admin = await t.adminToken();
    await t.createAccount('acme');
    op = await t.member('acme', 'olga', 'operator');
    dev = await t.member('acme', 'dev', 'developer');
    await api('POST', '/clusters', { name: 'north', type: 'edge' });
    const node = (await api('POST', '/clusters/north/nodes', { name: 'gate-01' })).json();
    agent = new SimAgent(url, await joinSimNode(url, 'gate-01', node.join.token), {
      onMessage: (m, a) => report(a, m),
    });
    await agent.connect();
  });
  afterAll(async () => {
    agent.close();
    await t.close();
  });

  describe.each(cases.map((c, i) => [c.what, c, i] as const))('%s', (_what, c, i) => {
    const app = `ask-${i}`;
    const name = `inst-${i}`;
    beforeAll(async () => {
      await allow({});
      await appAsking(app, c.asks);
    });

    it('is refused on deploy by default: no instance, no workload', async () => {
      await refused(
        () => api('POST', '/instances', { name, app, version: '1.1.0', cluster: 'north' }),
        c.field,
      );
      expect((await api('GET', `/instances/${name}`)).statusCode).toBe(404);
    });

    it('is refused on upgrade: the version and the workload stay as they were', async () => {
      const deployed = await api('POST', '/instances', {
        name,
        app,
        version: '1.0.0',
        cluster: 'north',
      });
      expect(deployed.statusCode, deployed.body).toBe(202);
      await sent(name, '1.0.0');
      await refused(() => api('POST', `/instances/${name}/upgrade`, { version: '1.1.0' }), c.field);
      expect(await version(name)).toBe('1.0.0');
    });

    it('runs once the platform admin allows exactly it, and the host gets it canonical', async () => {
      await allow(c.allow);
      const res = await api('POST', `/instances/${name}/upgrade`, { version: '1.1.0' });
      expect(res.statusCode, res.body).toBe(202);
      const workload = await sent(name, '1.1.0');
      c.sent(workload.nodes.find((n) => n.name === 'reader')!);
      expect(workload.nodes.find((n) => n.name === 'web')).not.toHaveProperty('security');
    });

    it('is refused on a manual rollback once the policy was tightened', async () => {
      expect(
        (await api('POST', `/instances/${name}/upgrade`, { version: '1.2.0' })).statusCode,
      ).toBe(202);
      await sent(name, '1.2.0');
      await allow({});
      await refused(() => api('POST', `/instances/${name}/rollback`), c.field);
      expect(await version(name)).toBe('1.2.0');
    });
  });

  describe('start, scale and stop', () => {
    beforeAll(async () => {
      await allow({ capabilities: ['NET_ADMIN'] });
      await appAsking('starter', { security: { capabilities: ['NET_ADMIN'] }, replicas: 1 });
      const res = await api('POST', '/instances', {
        name: 'st',
        app: 'starter',
        version: '1.1.0',
        cluster: 'north',
      });
      expect(res.statusCode, res.body).toBe(202);
      await sent('st', '1.1.0');
      await allow({});
    });

    it('still stops an instance whose account may no longer run it', async () => {
      expect((await api('POST', '/instances/st/stop')).statusCode).toBe(202);
      expect((await sent('st', '1.1.0', true)).stopped).toBe(true);
    });

    it('refuses to start it until the policy allows it again', async () => {
      await refused(() => api('POST', '/instances/st/start'), 'security.capabilities[0]');
      // Scaling a stopped instance starts nothing, so it is not checked.
      const scaled = await api('POST', '/instances/st/scale', { node: 'reader', replicas: 2 });
      expect(scaled.statusCode).toBe(202);
      await allow({ capabilities: ['cap_net_admin'] });
      expect((await api('POST', '/instances/st/start')).statusCode).toBe(202);
      expect((await sent('st', '1.1.0')).nodes.find((n) => n.name === 'reader')?.replicas).toBe(2);
    });

    it('refuses to scale it while it runs, once the policy was tightened', async () => {
      await allow({});
      await refused(
        () => api('POST', '/instances/st/scale', { node: 'reader', replicas: 3 }),
        'security.capabilities[0]',
      );
    });
  });

  it('still refuses what is not allowed next to what is', async () => {
    await allow({ capabilities: ['SYS_ADMIN'], devices: ['/dev/ttyUSB'] });
    await appAsking('partial', {
      security: { capabilities: ['SYS_ADMIN', 'NET_ADMIN'], devices: ['/dev/ttyUSB0'] },
    });
    const res = await api('POST', '/instances', {
      name: 'pa',
      app: 'partial',
      version: '1.1.0',
      cluster: 'north',
    });
    expect(res.statusCode).toBe(403);
    // A prefix matches whole segments: /dev/ttyUSB does not allow /dev/ttyUSB0.
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'nodes[1].security.capabilities[1]',
      'nodes[1].security.devices[0]',
    ]);
    expect(res.json().detail).toContain('account "acme"');
  });

  it('lets host network through under the empty policy (hardware nodes need it)', async () => {
    await allow({});
    await appAsking('hostnet', { hostNetwork: true });
    const res = await api('POST', '/instances', {
      name: 'hn',
      app: 'hostnet',
      version: '1.1.0',
      cluster: 'north',
    });
    expect(res.statusCode, res.body).toBe(202);
  });

  it('does not roll back by itself to a version the tightened policy refuses, and says so', async () => {
    await allow({ hostPID: true });
    await appAsking('auto', { security: { hostPID: true } });
    await api('POST', '/instances', {
      name: 'au',
      app: 'auto',
      version: '1.1.0',
      cluster: 'north',
    });
    await sent('au', '1.1.0');
    failing = (spec) => spec.instance === 'au' && spec.version === '1.2.0';
    expect((await api('POST', '/instances/au/upgrade', { version: '1.2.0' })).statusCode).toBe(202);
    await sent('au', '1.2.0');
    await allow({});
    clock.advance(301_000);
    const count = received.length;
    for (let i = 0; i < 3; i++) {
      await t.services.fleet.flush();
      await t.services.instanceController.tick();
    }
    const got = (await api('GET', '/instances/au')).json();
    expect(got.version).toBe('1.2.0');
    expect(got.status.phase).toBe('failed');
    expect(received.filter((s) => s.instance === 'au' && s.version === '1.1.0').length).toBe(1);
    expect(received.length).toBeGreaterThanOrEqual(count);
    const events = (await api('GET', '/instances/au/events')).json().items as {
      reason: string;
      message: string;
    }[];
    const refusal = events.filter((e) => e.reason === 'RollbackRefused');
    expect(refusal).toHaveLength(1);
    expect(refusal[0]!.message).toContain('Not rolled back to 1.1.0');
    expect(refusal[0]!.message).toContain('nodes[1].security.hostPID');
    expect(events.map((e) => e.reason)).not.toContain('RolledBack');
    failing = () => false;
  });
});
