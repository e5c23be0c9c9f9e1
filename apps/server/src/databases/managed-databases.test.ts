import type { InstanceWorkloadSpec } from '@berth/spec';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSimNode, SimAgent } from '../../../../test/harness/sim-agent.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

/**
 * Managed database nodes on the machine's real PostgreSQL and MariaDB: registration
 * checks the credentials, a deployment gets a database and a user of its own on each,
 * other nodes receive the connection values, and deletion drops them.
 */
const pgAdmin = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const mysqlAdmin = { host: '127.0.0.1', port: 3306, user: 'root' };

async function reachable(): Promise<boolean> {
  try {
    const c = new pg.Client({ ...pgAdmin, database: 'postgres' });
    await c.connect();
    await c.end();
    const m = await mysql.createConnection(mysqlAdmin);
    await m.end();
    return true;
  } catch {
    return false;
  }
}
const available = await reachable();
if (!available) {
  if (process.env.CI === 'true')
    throw new Error('PostgreSQL and MariaDB must run on 127.0.0.1 for the managed database tests');
  console.warn(
    'SKIPPING managed database tests: PostgreSQL (5432, user postgres) and MariaDB (3306, root) are not reachable',
  );
}

describe.skipIf(!available)('managed database nodes', () => {
  let t: TestApp;
  let admin: string;
  let op: string;
  let host: SimAgent;
  const received: InstanceWorkloadSpec[] = [];

  beforeAll(async () => {
    t = await TestApp.create(templates(), { controllerIntervalMs: 3_600_000 });
    const url = await t.listen();
    admin = await t.adminToken();
    await t.createAccount('acme');
    op = await t.member('acme', 'ops', 'owner');
    const call = (
      method: 'POST' | 'GET' | 'PUT',
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) =>
      t.call(method, `/api/v1${path}`, {
        token: op,
        account: 'acme',
        body,
        ...(headers ? { headers } : {}),
      });
    await call('POST', '/clusters', { name: 'north', type: 'edge' });
    const node = (await call('POST', '/clusters/north/nodes', { name: 'gate-01' })).json();
    host = new SimAgent(url, await joinSimNode(url, 'gate-01', node.join.token), {
      onMessage: (m) => {
        if (m.type === 'desired')
          for (const w of m.workloads) received.push(w.spec as InstanceWorkloadSpec);
      },
    });
    await host.connect();
    await call('POST', '/apps', {
      name: 'ledger',
      distribution: 'instance',
      deployment: 'edge-hosted',
    });
    await call('POST', '/apps/ledger/versions', { version: '1.0.0', kind: 'initial' });
    const etag = (await call('GET', '/apps/ledger/versions/1.0.0')).headers.etag as string;
    const spec = {
      nodes: [
        { name: 'books', kind: 'managed', template: 'postgres', version: '15' },
        { name: 'cache', kind: 'managed', template: 'mysql', version: '8.0' },
        {
          name: 'api',
          kind: 'custom',
          image: 'localhost/ledger:1',
          env: {
            PG_URL: '${books.url}',
            MY_USER: '${cache.user}',
            MY_PASSWORD: '${cache.password}',
            MY_DB: '${cache.database}',
          },
          dependsOn: ['books', 'cache'],
        },
      ],
    };
    const put = await call('PUT', '/apps/ledger/versions/1.0.0/spec', spec, { 'if-match': etag });
    expect(put.statusCode, put.body).toBe(200);
    await call('POST', '/apps/ledger/versions/1.0.0/publish');
  });
  afterAll(async () => {
    host?.close();
    await t?.close();
  });

  const register = (body: object) =>
    t.call('POST', '/api/v1/database-servers', { token: admin, body });

  it('refuses to deploy a managed node before a server of its engine is registered', async () => {
    const res = await t.call('POST', '/api/v1/instances', {
      token: op,
      account: 'acme',
      body: { name: 'early', app: 'ledger', version: '1.0.0', cluster: 'north' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('no_database_server');
    expect(res.json().detail).toContain('POST /api/v1/database-servers');
  });

  it('registers servers only when their credentials work, and never shows the password', async () => {
    const wrong = await register({
      name: 'my-bad',
      engine: 'mysql',
      host: '127.0.0.1',
      username: 'root',
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('password');
    expect(
      (
        await register({
          name: 'pg-local',
          engine: 'postgres',
          host: '127.0.0.1',
          username: 'postgres',
          password: '',
        })
      ).statusCode,
    ).toBe(201);
    const my = await register({
      name: 'my-local',
      engine: 'mysql',
      host: '127.0.0.1',
      username: 'root',
      password: '',
    });
    expect(my.statusCode).toBe(201);
    expect(my.json()).toMatchObject({
      name: 'my-local',
      engine: 'mysql',
      port: 3306,
      databases: 0,
    });
    expect(my.json()).not.toHaveProperty('password');
  });

  it('provisions a database and a user per managed node, and hands their values to the other nodes', async () => {
    const res = await t.call('POST', '/api/v1/instances', {
      token: op,
      account: 'acme',
      body: { name: 'ledger-1', app: 'ledger', version: '1.0.0', cluster: 'north' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const deadline = Date.now() + 5000;
    while (!received.some((w) => w.instance === 'ledger-1') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const api = received
      .find((w) => w.instance === 'ledger-1')!
      .nodes.find((n) => n.name === 'api')!;
    expect(received.find((w) => w.instance === 'ledger-1')!.nodes.map((n) => n.name)).toEqual([
      'api',
    ]);
    const pgUrl = new URL(api.env.PG_URL!);
    expect(pgUrl.hostname).toBe('127.0.0.1');
    const pgDb = pgUrl.pathname.slice(1);
    expect(pgDb).toMatch(/^berth_[0-9a-f]{8}_books$/);
    const c = new pg.Client({ ...pgAdmin, database: 'postgres' });
    await c.connect();
    const owner = await c.query(
      'select pg_get_userbyid(datdba) as owner from pg_database where datname = $1',
      [pgDb],
    );
    await c.end();
    expect(owner.rows[0]?.owner).toBe(pgDb);

    const m = await mysql.createConnection({
      host: '127.0.0.1',
      user: api.env.MY_USER,
      password: api.env.MY_PASSWORD,
      database: api.env.MY_DB,
    });
    await m.query('create table t (x int)');
    await m.end();
    const wrong = mysql.createConnection({
      host: '127.0.0.1',
      user: api.env.MY_USER,
      password: 'guess',
      database: api.env.MY_DB,
    });
    await expect(wrong).rejects.toThrow(/Access denied/);
  });

  it('drops the databases when the instance is deleted, and then lets the servers go', async () => {
    const api = received
      .find((w) => w.instance === 'ledger-1')!
      .nodes.find((n) => n.name === 'api')!;
    await t.call('DELETE', '/api/v1/instances/ledger-1', { token: op, account: 'acme' });
    for (let i = 0; i < 100; i++) {
      await t.services.fleet.flush();
      await t.services.instanceController.tick();
      if (
        (await t.call('GET', '/api/v1/instances/ledger-1', { token: op, account: 'acme' }))
          .statusCode === 404
      )
        break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const m = await mysql.createConnection(mysqlAdmin);
    const [rows] = await m.query('show databases like ?', [api.env.MY_DB]);
    await m.end();
    expect(rows).toHaveLength(0);
    expect(
      (await t.call('DELETE', '/api/v1/database-servers/my-local', { token: admin })).statusCode,
    ).toBe(204);
  });
});
