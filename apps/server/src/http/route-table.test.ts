import { can, type Role, roles } from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSimNode, SimAgent } from '../../../../test/harness/sim-agent.js';
import type { RouteInfo } from '../app.js';
import { dbSnapshot } from '../testing/db-snapshot.js';
import { requestFor } from '../testing/route-requests.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { makePackage } from '../testing/test-packages.js';

/**
 * Authentication, tenancy (R16, R28) and the permission table, proven on every route of
 * the route table — generated, so a route added later is covered without editing this
 * file (or fails here until the fixtures can fill its parameters).
 */

const A = 'tenant-a';
const B = 'tenant-b';
const target = 'a-target';

let t: TestApp;
let routes: RouteInfo[];
const tokens: Record<string, string> = {};
let aTokenId = '';
let bPat = '';
let host: SimAgent | undefined;
let lightDeploymentId = '';

const aApp = 'a-app';
const aValues = () => ({
  account: A,
  username: target,
  id: aTokenId,
  app: aApp,
  version: '1.0.0',
  cluster: 'a-cluster',
  node: 'a-node',
  name: 'a-inst',
  server: 'db-main',
  component: 'mqtt-broker',
  lightapp: 'a_light',
  deployment: lightDeploymentId,
  digest: '0'.repeat(64),
});

/** A database server for the platform routes (the machine's PostgreSQL), remade after removal. */
async function ensureDatabaseServer() {
  await t.call('POST', '/api/v1/database-servers', {
    token: await t.adminToken(),
    body: {
      name: 'db-main',
      engine: 'postgres',
      host: '127.0.0.1',
      username: 'postgres',
      password: '',
    },
  });
}

/** A's instance on a host that stays online, deployed again after a call removed it. */
async function ensureInstanceFixture(token: string) {
  const got = await t.call('GET', '/api/v1/instances/a-inst', { token, account: A });
  if (got.statusCode === 200 && got.json().state !== 'deleting') return;
  // Being deleted: let the host's acknowledgement land and the controller finish it.
  for (let i = 0; got.statusCode === 200 && i < 200; i++) {
    await t.services.fleet.flush();
    await t.services.instanceController.tick();
    if ((await t.call('GET', '/api/v1/instances/a-inst', { token, account: A })).statusCode === 404)
      break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const res = await t.call('POST', '/api/v1/instances', {
    token,
    account: A,
    body: { name: 'a-inst', app: 'a-deployed', version: '1.0.0', cluster: 'a-hosts' },
  });
  if (res.statusCode !== 202) {
    const apps = await t.call('GET', '/api/v1/apps', { token, account: A });
    throw new Error(`instance fixture: ${res.statusCode} ${res.body} apps=${apps.body}`);
  }
}

/** A published app, and a cluster whose one host is joined and connected. */
async function deployFixtures(token: string) {
  const url = await t.listen();
  const call = (
    method: 'POST' | 'PUT' | 'GET',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    t.call(method, `/api/v1${path}`, { token, account: A, body, ...(headers ? { headers } : {}) });
  await call('POST', '/apps', {
    name: 'a-deployed',
    distribution: 'instance',
    deployment: 'edge-hosted',
  });
  await call('POST', '/apps/a-deployed/versions', { version: '1.0.0', kind: 'initial' });
  const etag = (await call('GET', '/apps/a-deployed/versions/1.0.0')).headers.etag as string;
  await call(
    'PUT',
    '/apps/a-deployed/versions/1.0.0/spec',
    { nodes: [{ name: 'web', kind: 'custom', image: 'localhost/web:1' }] },
    { 'if-match': etag },
  );
  await call('POST', '/apps/a-deployed/versions/1.0.0/publish');
  await call('POST', '/clusters', { name: 'a-hosts', type: 'edge' });
  const node = (await call('POST', '/clusters/a-hosts/nodes', { name: 'a-host' })).json() as {
    join: { token: string };
  };
  host = new SimAgent(url, await joinSimNode(url, 'a-host', node.join.token));
  await host.connect();
  await ensureInstanceFixture(token);
}

/**
 * A's cluster — an edge appliance, so its component routes act — with one node and a
 * console user (named like the user fixture, with the mobile number of the login-free
 * example), remade after a call that may have changed it.
 */
async function ensureClusterFixture(token: string) {
  await t.call('DELETE', '/api/v1/clusters/a-cluster', { token, account: A });
  await t.call('POST', '/api/v1/clusters', {
    token,
    account: A,
    body: { name: 'a-cluster', type: 'edge-appliance' },
  });
  await t.call('POST', '/api/v1/clusters/a-cluster/nodes', {
    token,
    account: A,
    body: { name: 'a-node' },
  });
  await t.call('POST', '/api/v1/clusters/a-cluster/console/users', {
    token,
    account: A,
    body: { username: target, password: 'a console passphrase', mobile: '13800138000' },
  });
}

/** A's app with a draft 1.0.0 and nothing else, remade after a call that may have changed it. */
async function ensureAppFixture(token: string) {
  await t.call('DELETE', `/api/v1/apps/${aApp}`, { token, account: A });
  await t.call('POST', '/api/v1/apps', {
    token,
    account: A,
    body: { name: aApp, distribution: 'instance', deployment: 'edge-hosted' },
  });
  await t.call('POST', `/api/v1/apps/${aApp}/versions`, {
    token,
    account: A,
    body: { version: '1.0.0', kind: 'initial' },
  });
}
/** A's light app, remade when a call (its DELETE) removed it. */
async function ensureLightAppFixture(token: string) {
  const got = await t.call('GET', '/api/v1/lightapps/a_light', { token, account: A });
  if (got.statusCode === 404) await lightAppFixture(token);
}

/**
 * A's light app with a published 1.0.0, deployed: nothing can delete or change a
 * published version; deleting the app is undone by `ensureLightAppFixture`.
 */
async function lightAppFixture(token: string) {
  const call = (method: 'POST' | 'PUT', path: string, body?: unknown) =>
    t.call(method, `/api/v1/lightapps${path}`, { token, account: A, body });
  await call('POST', '', { name: 'a_light', language: 'python' });
  await call('POST', '/a_light/versions', { version: '1.0.0', kind: 'initial' });
  const upload = await t.inject({
    method: 'PUT',
    url: '/api/v1/lightapps/a_light/versions/1.0.0/package',
    payload: makePackage('tar.gz', { 'main.py': 'print(1)' }),
    headers: {
      authorization: `Bearer ${token}`,
      'berth-account': A,
      'content-type': 'application/gzip',
    },
  });
  if (upload.statusCode !== 200) throw new Error(`light app fixture: ${upload.body}`);
  await call('PUT', '/a_light/versions/1.0.0/config', {
    entry: 'main.py',
    memoryMi: 32,
    cpuMillis: 100,
  });
  const published = await call('POST', '/a_light/versions/1.0.0/publish');
  if (published.statusCode !== 200) throw new Error(`light app fixture: ${published.body}`);
  const deployed = await call('POST', '/a_light/deployments', {
    version: '1.0.0',
    cluster: 'a-hosts',
    hosts: ['a-host'],
  });
  if (deployed.statusCode !== 202) throw new Error(`light app fixture: ${deployed.body}`);
  lightDeploymentId = deployed.json<{ id: string }>().id;
}

const label = (r: RouteInfo) => `${r.method} ${r.url}`;

beforeAll(async () => {
  t = await TestApp.create(templates(), { controllerIntervalMs: 3_600_000 });
  routes = t.app.routeTable;
  await t.createAccount(A);
  await t.createAccount(B);
  for (const role of roles) tokens[`a-${role}`] = await t.member(A, `a-${role}`, role);
  for (const role of roles) tokens[`p-${role}`] = await t.member('platform', `p-${role}`, role);
  await t.createUser(target);
  await t.setMember(A, target, 'viewer');
  tokens.b = await t.member(B, 'b-owner', 'owner');
  // A owns one of everything the routes name, so a 404 for B proves tenancy, not absence.
  await ensureAppFixture(tokens['a-owner']!);
  await ensureClusterFixture(tokens['a-owner']!);
  await deployFixtures(tokens['a-owner']!);
  await lightAppFixture(tokens['a-owner']!);
  await ensureDatabaseServer();
  const aPat = await t.call('POST', '/api/v1/tokens', {
    token: tokens['a-owner'],
    body: { name: 'a pat' },
  });
  aTokenId = aPat.json<{ id: string }>().id;
  const bToken = await t.call('POST', '/api/v1/tokens', {
    token: tokens.b,
    body: { name: 'b pat' },
  });
  bPat = bToken.json<{ token: string }>().token;
});
afterAll(async () => {
  host?.close();
  await t.close();
});

async function unchangedBy<T>(fn: () => Promise<T>): Promise<T> {
  const before = JSON.parse(await dbSnapshot(t.db)) as Record<string, string[]>;
  const result = await fn();
  const after = JSON.parse(await dbSnapshot(t.db)) as Record<string, string[]>;
  for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
  return result;
}

describe('the route table', () => {
  it('has every /api/v1 route declare its access, and every mutating one its audit action', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) {
      expect(r.access, label(r)).toBeDefined();
      if (r.method !== 'GET') expect(r.action, label(r)).toMatch(/^[a-z-]+(\.[a-z-]+)+$/);
    }
  });
});

describe('R28: without credentials', () => {
  it('every route but the public ones answers 401 with a problem, and changes nothing', async () => {
    const open = routes.filter((r) => r.access.kind === 'public').map(label);
    expect(open.sort()).toEqual([
      'GET /api/v1/agent',
      'GET /api/v1/agent/blobs/:digest',
      'GET /api/v1/schemas/app-spec.json',
      'POST /api/v1/agent/join',
      'POST /api/v1/auth/login',
      'POST /api/v1/clusters/:cluster/console/login',
    ]);
    const guarded = routes.filter((r) => r.access.kind !== 'public');
    for (const route of guarded) {
      const { url, body } = requestFor(route, aValues());
      const res = await unchangedBy(() => t.call(route.method as 'GET', url, { body }));
      expect(res.statusCode, label(route)).toBe(401);
      expect(res.headers['content-type'], label(route)).toContain('application/problem+json');
      expect(res.json().code, label(route)).toBe('unauthenticated');
    }
  });

  it('every route refuses a token that was never issued', async () => {
    for (const route of routes.filter((r) => r.access.kind !== 'public')) {
      const { url, body } = requestFor(route, aValues());
      const forged = `bpat_${'x'.repeat(43)}`;
      const res = await unchangedBy(() =>
        t.call(route.method as 'GET', url, { body, token: forged }),
      );
      expect(res.statusCode, label(route)).toBe(401);
      expect(res.json().code, label(route)).toBe('token_invalid');
    }
  });
});

describe("R16: account B's credential on account A's names", () => {
  it("has A's resources in place, so that B's 404s mean something", async () => {
    const token = tokens['a-owner']!;
    for (const path of [
      '/apps/a-app/versions/1.0.0',
      '/clusters/a-cluster/nodes/a-node',
      '/clusters/a-cluster/components/mqtt-broker',
      '/clusters/a-cluster/console/users',
      '/instances/a-inst',
      '/lightapps/a_light/versions/1.0.0',
      `/lightapps/a_light/deployments/${lightDeploymentId}`,
    ]) {
      expect((await t.call('GET', `/api/v1${path}`, { token, account: A })).statusCode, path).toBe(
        200,
      );
    }
  });

  it('answers 404 on every account route, 403 on platform routes, and changes nothing', async () => {
    const checked: string[] = [];
    for (const route of routes) {
      const { url, body } = requestFor(route, aValues());
      const names =
        /:id|:account|:username/.test(route.url) || (body !== undefined && 'account' in body);
      const call = () => t.call(route.method as 'GET', url, { body, token: bPat, account: A });
      if (route.access.kind === 'account' || route.access.kind === 'account-param') {
        const res = await unchangedBy(call);
        expect(res.statusCode, label(route)).toBe(404);
        expect(res.json().detail, label(route)).toContain(`Account "${A}" not found`);
        checked.push(label(route));
      } else if (route.access.kind === 'platform') {
        const res = await unchangedBy(call);
        expect(res.statusCode, label(route)).toBe(403);
        checked.push(label(route));
      } else if (route.access.kind === 'user' && names) {
        const res = await unchangedBy(() =>
          t.call(route.method as 'GET', url, { body, token: bPat }),
        );
        expect(res.statusCode, label(route)).toBe(404);
        checked.push(label(route));
      }
    }
    expect(checked).toContain('DELETE /api/v1/tokens/:id');
    expect(checked).toContain('PUT /api/v1/accounts/:account/members/:username');
  });

  it("never shows A's names in what B reads", async () => {
    for (const route of routes.filter((r) => r.method === 'GET' && r.access.kind === 'user')) {
      const { url } = requestFor(route, aValues());
      const res = await t.call('GET', url, { token: bPat });
      expect(res.statusCode, label(route)).toBe(200);
      for (const secret of [A, target, aTokenId, 'a-owner'])
        expect(res.body, label(route)).not.toContain(secret);
    }
  });
});

describe('the permission table, on every route', () => {
  const restoreFixtures = async () => {
    await t.setMember(A, target, 'viewer');
    await ensureAppFixture(tokens['a-owner']!);
    await ensureClusterFixture(tokens['a-owner']!);
    await ensureInstanceFixture(tokens['a-owner']!);
    await ensureLightAppFixture(tokens['a-owner']!);
    await ensureDatabaseServer();
  };

  it.each(roles)(
    'role %s in an isv account gets 403 exactly where the table says so',
    async (role: Role) => {
      for (const route of routes) {
        const { access } = route;
        if (
          access.kind !== 'account' &&
          access.kind !== 'account-param' &&
          access.kind !== 'platform'
        )
          continue;
        const { url, body } = requestFor(route, aValues());
        const call = () =>
          t.call(route.method as 'GET', url, { body, token: tokens[`a-${role}`], account: A });
        const allowed = access.kind !== 'platform' && can(role, access.permission, 'isv');
        if (!allowed) {
          const res = await unchangedBy(call);
          expect(res.statusCode, `${role}: ${label(route)}`).toBe(403);
          expect(res.json().detail, label(route)).toContain(access.permission);
        } else {
          const res = await call();
          expect([401, 403, 404], `${role}: ${label(route)} → ${res.body}`).not.toContain(
            res.statusCode,
          );
          if (route.method !== 'GET') await restoreFixtures();
        }
      }
    },
  );

  it.each(roles)(
    'role %s in the platform account gets 403 exactly where the table says so',
    async (role: Role) => {
      for (const route of routes.filter((r) => r.access.kind === 'platform')) {
        if (route.access.kind !== 'platform') continue;
        const { url, body } = requestFor(route, { ...aValues(), username: `p-${role}` });
        const call = () => t.call(route.method as 'GET', url, { body, token: tokens[`p-${role}`] });
        if (can(role, route.access.permission, 'platform')) {
          const res = await call();
          expect([401, 403, 404], `${role}: ${label(route)} → ${res.body}`).not.toContain(
            res.statusCode,
          );
          if (route.method !== 'GET') await ensureDatabaseServer();
        } else {
          const res = await unchangedBy(call);
          expect(res.statusCode, `${role}: ${label(route)}`).toBe(403);
        }
      }
    },
  );
});
