import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

describe('clusters and nodes (domain §7)', () => {
  let t: TestApp;
  let op: string;
  beforeAll(async () => {
    t = await TestApp.create(templates());
    await t.createAccount('acme');
    op = await t.member('acme', 'olga', 'operator');
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    t.call(method, `/api/v1${url}`, { token: op, account: 'acme', body });

  it('creates a cluster with NFS storage and a service range, and lists it', async () => {
    const res = await call('POST', '/clusters', {
      name: 'north',
      type: 'edge',
      runtime: 'engine',
      storage: { nfs: { server: '10.0.0.5', path: '/exports/berth' } },
      serviceCidr: '10.96.0.0/16',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'north',
      storage: { nfs: { server: '10.0.0.5', path: '/exports/berth' } },
      serviceCidr: '10.96.0.0/16',
      shared: false,
      agentSettings: { heartbeatSeconds: 10 },
      nodes: { total: 0, online: 0 },
    });
    const list = await call('GET', '/clusters');
    expect(list.json().items.map((c: { name: string }) => c.name)).toContain('north');
    expect((await call('POST', '/clusters', { name: 'north', type: 'edge' })).statusCode).toBe(409);
  });

  it('refuses a bad service range and NFS path, naming the field', async () => {
    const res = await call('POST', '/clusters', {
      name: 'bad',
      type: 'edge',
      serviceCidr: '10.96.0.1/16',
      storage: { nfs: { server: 'nas', path: 'relative' } },
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['serviceCidr', 'storage.nfs.path']);
  });

  it('creates a node with a single-use join command, and warns when its segment overlaps the service range', async () => {
    const res = await call('POST', '/clusters/north/nodes', {
      name: 'gate-01',
      ipSegment: '10.96.8.0/24',
    });
    expect(res.statusCode).toBe(201);
    const node = res.json();
    expect(node).toMatchObject({
      name: 'gate-01',
      cluster: 'north',
      status: 'pending',
      facts: null,
      lastSeenAt: null,
    });
    expect(node.join.token).toMatch(/^bjn_/);
    expect(node.join.command).toContain(`--token ${node.join.token}`);
    expect(node.join.command).toContain('--node gate-01 ');
    expect(node.join.command).toContain('&& npx berth-agent run');
    expect(Date.parse(node.join.expiresAt) - t.clock.now().getTime()).toBe(24 * 3_600_000);
    expect(node.warnings[0]).toContain('overlaps the cluster');
    const got = await call('GET', '/clusters/north/nodes/gate-01');
    expect(got.body).not.toContain(node.join.token);
  });

  it('applies the node name rules of domain §7', async () => {
    for (const name of ['gw', 'Gate-1', '-gate', 'gate-', 'x'.repeat(31)]) {
      const res = await call('POST', '/clusters/north/nodes', { name });
      expect(res.statusCode, name).toBe(422);
      expect(res.json().errors[0].path).toBe('name');
    }
  });

  it('reissues a join token only for a node that has not joined', async () => {
    await call('POST', '/clusters/north/nodes', { name: 'gate-02' });
    const again = await call('POST', '/clusters/north/nodes/gate-02/join-token');
    expect(again.statusCode).toBe(201);
    expect(again.json().join.token).toMatch(/^bjn_/);
  });

  it('shows shared platform clusters to every account but lets only the platform change them', async () => {
    const admin = await t.adminToken();
    const { createCluster } = await import('./clusters.js');
    const { TenantScope } = await import('../db/tenant-scope.js');
    const [platform] = await t.db.query.accounts.findMany({
      where: (a, { eq }) => eq(a.name, 'platform'),
    });
    await createCluster(
      t.services,
      new TenantScope(t.db, platform!.id, 'platform'),
      { name: 'cloud-east', type: 'cloud' },
      true,
    );
    const seen = await call('GET', '/clusters/cloud-east');
    expect(seen.json()).toMatchObject({ name: 'cloud-east', shared: true });
    const refused = await call('POST', '/clusters/cloud-east/nodes', { name: 'sneaky' });
    expect(refused.statusCode).toBe(403);
    const byAdmin = await t.call('POST', '/api/v1/clusters/cloud-east/nodes', {
      token: admin,
      account: 'platform',
      body: { name: 'east-01' },
    });
    expect(byAdmin.statusCode).toBe(201);
  });

  it('changes the agent settings of a cluster as a new desired generation of every node', async () => {
    const before = (await call('GET', '/clusters/north/nodes/gate-01')).json().desiredGeneration;
    const res = await call('PUT', '/clusters/north/agent-settings', { heartbeatSeconds: 5 });
    expect(res.json().agentSettings).toEqual({ heartbeatSeconds: 5, logLevel: 'info' });
    expect((await call('GET', '/clusters/north/nodes/gate-01')).json().desiredGeneration).toBe(
      before + 1,
    );
  });

  it('deletes a node and a cluster', async () => {
    await call('POST', '/clusters', { name: 'temp', type: 'edge-appliance' });
    await call('POST', '/clusters/temp/nodes', { name: 'temp-01' });
    expect((await call('DELETE', '/clusters/temp/nodes/temp-01')).statusCode).toBe(204);
    expect((await call('GET', '/clusters/temp/nodes/temp-01')).statusCode).toBe(404);
    expect((await call('DELETE', '/clusters/temp')).statusCode).toBe(204);
    expect((await call('GET', '/clusters/temp')).statusCode).toBe(404);
  });
});
