import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

/**
 * The cluster console: its super account's forced first password change, users with
 * required and unique mobile numbers, console sessions that act only on their own
 * cluster, login-free access by mobile for the account's systems, and sign-in throttling.
 */

const newAdminPassword = 'site admin passphrase 7';

describe('cluster console', () => {
  let t: TestApp;
  let op: string;
  let opPat: string;

  const api = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { body?: unknown; token?: string; account?: string | null } = {},
  ) =>
    t.call(method, `/api/v1${path}`, {
      token: options.token ?? op,
      ...(options.account === null ? {} : { account: options.account ?? 'acme' }),
      body: options.body,
    });
  const login = (cluster: string, username: string, password: string, account = 'acme') =>
    t.call('POST', `/api/v1/clusters/${cluster}/console/login`, {
      account,
      body: { username, password },
    });
  const rows = async <T>(query: ReturnType<typeof sql>) =>
    ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;

  beforeAll(async () => {
    t = await TestApp.create(templates(), { loginThrottle: { lockAfterUser: 5 } });
    await t.createAccount('acme');
    await t.createAccount('globex');
    op = await t.member('acme', 'olga', 'operator');
    const pat = await api('POST', '/tokens', { body: { name: 'integration' }, account: null });
    opPat = pat.json().token;
    for (const [name, type] of [
      ['plant', 'edge-appliance'],
      ['north', 'edge'],
      ['region', 'cloud'],
    ])
      await api('POST', '/clusters', { body: { name, type } });
  });
  afterAll(() => t.close());

  it('gives every edge cluster the super account iotedgeadmin, which must change its password', async () => {
    for (const cluster of ['plant', 'north']) {
      const res = await api('GET', `/clusters/${cluster}/console/users`);
      expect(res.statusCode, cluster).toBe(200);
      expect(res.json().items).toEqual([
        expect.objectContaining({
          username: 'iotedgeadmin',
          superuser: true,
          mobile: null,
          mustChangePassword: true,
        }),
      ]);
    }
    const cloud = await api('GET', '/clusters/region/console/users');
    expect(cloud.statusCode).toBe(409);
    expect(cloud.json().code).toBe('console_not_available');
  });

  it('signs iotedgeadmin in with its name, then refuses everything but the password change', async () => {
    const first = await login('plant', 'iotedgeadmin', 'iotedgeadmin');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      mustChangePassword: true,
      user: { username: 'iotedgeadmin' },
    });
    const token = first.json().token as string;
    expect(token).toMatch(/^bcon_/);

    const list = await api('GET', '/clusters/plant/console/users', { token });
    const add = await api('POST', '/clusters/plant/console/users', {
      token,
      body: { username: 'wang', password: 'a long passphrase', mobile: '13800138000' },
    });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('password_change_required');
    expect(add.statusCode).toBe(403);
    expect(await rows(sql`select * from console_users where username = 'wang'`)).toEqual([]);

    const change = await api('POST', '/clusters/plant/console/password', {
      token,
      body: { currentPassword: 'iotedgeadmin', newPassword: newAdminPassword },
    });
    expect(change.statusCode).toBe(204);
    expect((await api('GET', '/clusters/plant/console/users', { token })).statusCode).toBe(200);
  });

  it('refuses the old password after the change and takes the new one', async () => {
    const old = await login('plant', 'iotedgeadmin', 'iotedgeadmin');
    const fresh = await login('plant', 'iotedgeadmin', newAdminPassword);

    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('login_failed');
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().mustChangePassword).toBe(false);
  });

  it('keeps a console session to its own cluster and out of the rest of the API', async () => {
    const token = (await login('plant', 'iotedgeadmin', newAdminPassword)).json().token;

    const otherCluster = await api('GET', '/clusters/north/console/users', { token });
    const otherAccount = await api('GET', '/clusters/plant/console/users', {
      token,
      account: 'globex',
    });
    const berthRoute = await api('GET', '/clusters/plant/nodes', { token });
    const me = await t.call('GET', '/api/v1/me', { token });

    expect(otherCluster.statusCode).toBe(404);
    expect(otherAccount.statusCode).toBe(404);
    expect(berthRoute.statusCode).toBe(401);
    expect(me.statusCode).toBe(401);
  });

  it('adds users with a required mobile number, refusing one already held in another spelling', async () => {
    const add = await api('POST', '/clusters/plant/console/users', {
      body: { username: 'wang', password: 'a long passphrase', mobile: '138 0013 8000' },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({
      username: 'wang',
      mobile: '+8613800138000',
      superuser: false,
    });

    for (const spelling of ['+86 138-0013-8000', '0086 13800138000', '+8613800138000']) {
      const dup = await api('POST', '/clusters/plant/console/users', {
        body: { username: 'li', password: 'another passphrase', mobile: spelling },
      });
      expect(dup.statusCode, spelling).toBe(409);
      expect(dup.json().code).toBe('mobile_taken');
      expect(dup.json().errors).toEqual([
        { path: 'mobile', in: 'body', message: 'is already used by console user "wang"' },
      ]);
    }
    const missing = await api('POST', '/clusters/plant/console/users', {
      body: { username: 'li', password: 'another passphrase' },
    });
    const malformed = await api('POST', '/clusters/plant/console/users', {
      body: { username: 'li', password: 'another passphrase', mobile: '12345' },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([{ path: 'mobile', in: 'body', message: 'is required' }]);
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().errors[0].path).toBe('mobile');
    expect(await rows(sql`select * from console_users where username = 'li'`)).toEqual([]);
  });

  it('keeps mobile numbers unique per cluster, not across clusters, and on change too', async () => {
    const elsewhere = await api('POST', '/clusters/north/console/users', {
      body: { username: 'wang', password: 'a long passphrase', mobile: '13800138000' },
    });
    expect(elsewhere.statusCode).toBe(201);

    await api('POST', '/clusters/plant/console/users', {
      body: { username: 'zhao', password: 'a long passphrase', mobile: '+49 151 1234 5678' },
    });
    const taken = await api('PUT', '/clusters/plant/console/users/zhao', {
      body: { mobile: '+86 13800138000' },
    });
    const own = await api('PUT', '/clusters/plant/console/users/wang', {
      body: { mobile: '13800138000' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].path).toBe('mobile');
    expect(own.statusCode).toBe(200);
  });

  it('opens a session by mobile for a credential of the owning account (operator and above) only', async () => {
    const free = await api('POST', '/clusters/plant/console/login-free', {
      token: opPat,
      body: { mobile: '+86 138 0013 8000' },
    });
    expect(free.statusCode).toBe(200);
    expect(free.json()).toMatchObject({ user: { username: 'wang' }, mustChangePassword: false });
    const session = free.json().token as string;
    expect((await api('GET', '/clusters/plant/console/users', { token: session })).statusCode).toBe(
      200,
    );
    // wang is not the super account: the console's users are not his to change.
    const add = await api('POST', '/clusters/plant/console/users', {
      token: session,
      body: { username: 'qian', password: 'a long passphrase', mobile: '13900139000' },
    });
    expect(add.statusCode).toBe(403);

    const globexPat = (
      await t.call('POST', '/api/v1/tokens', {
        token: await t.member('globex', 'gus', 'owner'),
        body: { name: 'theirs' },
      })
    ).json().token;
    const foreign = await t.call('POST', '/api/v1/clusters/plant/console/login-free', {
      token: globexPat,
      body: { mobile: '13800138000' },
    });
    const foreignByHeader = await api('POST', '/clusters/plant/console/login-free', {
      token: globexPat,
      body: { mobile: '13800138000' },
    });
    const dev = await api('POST', '/clusters/plant/console/login-free', {
      token: await t.member('acme', 'dave', 'developer'),
      body: { mobile: '13800138000' },
    });
    const unknown = await api('POST', '/clusters/plant/console/login-free', {
      token: opPat,
      body: { mobile: '13700137000' },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreignByHeader.statusCode).toBe(404);
    expect(dev.statusCode).toBe(403);
    expect(unknown.statusCode).toBe(404);
  });

  it('never deletes iotedgeadmin; deleting a user ends their sessions', async () => {
    const session = (
      await api('POST', '/clusters/plant/console/login-free', {
        token: opPat,
        body: { mobile: '+4915112345678' },
      })
    ).json().token;

    const admin = await api('DELETE', '/clusters/plant/console/users/iotedgeadmin');
    const zhao = await api('DELETE', '/clusters/plant/console/users/zhao');

    expect(admin.statusCode).toBe(409);
    expect(admin.json().code).toBe('super_account');
    expect(zhao.statusCode).toBe(204);
    expect((await api('GET', '/clusters/plant/console/users', { token: session })).statusCode).toBe(
      401,
    );
  });

  it('answers an unknown cluster or user like a wrong password, and wants the account named', async () => {
    const noCluster = await login('nowhere', 'iotedgeadmin', 'iotedgeadmin');
    const noUser = await login('plant', 'nobody', 'whatever');
    const noAccount = await t.call('POST', '/api/v1/clusters/plant/console/login', {
      body: { username: 'iotedgeadmin', password: newAdminPassword },
    });

    for (const res of [noCluster, noUser]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('login_failed');
    }
    expect(noAccount.statusCode).toBe(400);
    expect(noAccount.json().code).toBe('account_required');
  });

  it('throttles repeated failures like the main sign-in: locked with 429 and Retry-After', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++)
      answers.push((await login('north', 'iotedgeadmin', `wrong guess ${i}`)).statusCode);
    const right = await login('north', 'iotedgeadmin', 'iotedgeadmin');

    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[5]).toBe(429);
    expect(right.statusCode).toBe(429); // even the right password, while locked
    expect(right.headers['retry-after']).toMatch(/^\d+$/);
    expect(right.json().code).toBe('login_locked');
  });

  it('audits console sign-ins as the console user of the cluster, in its account', async () => {
    const audited = await rows<{ username: string; account_name: string; result: string }>(
      sql`select username, account_name, result from audit_events where action = 'clusters.console.login' order by id`,
    );
    expect(audited[0]).toEqual({
      username: 'console:plant/iotedgeadmin',
      account_name: 'acme',
      result: 'success',
    });
    expect(audited).toContainEqual({
      username: 'console:plant/iotedgeadmin',
      account_name: 'acme',
      result: 'denied',
    });
  });

  it('never writes a password or a console token to the log or the database in clear', async () => {
    const token = (await login('plant', 'iotedgeadmin', newAdminPassword)).json().token as string;
    await api('GET', '/clusters/plant/console/users', { token });
    const dump =
      JSON.stringify(await rows(sql`select * from console_users`)) +
      JSON.stringify(await rows(sql`select * from console_sessions`));

    for (const secret of [newAdminPassword, 'a long passphrase', token]) {
      expect(t.logs.text()).not.toContain(secret);
      expect(dump).not.toContain(secret);
    }
  });
});
