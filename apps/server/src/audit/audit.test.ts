import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

interface Row {
  user: string | null;
  account: string | null;
  action: string;
  target: string | null;
  result: string;
  status: number;
  requestId: string;
}

describe('the audit log', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.create(templates());
    admin = await t.adminToken();
    await t.createAccount('acme');
    await t.createAccount('globex');
  });
  afterAll(() => t.close());

  const all = async (): Promise<Row[]> =>
    (await t.call('GET', '/api/v1/audit', { token: admin, query: { limit: '500' } })).json().items;

  it('records a successful change with who, where, what, the result and the request id', async () => {
    const owner = await t.member('acme', 'ann', 'owner');
    await t.createUser('ben');
    const res = await t.call('PUT', '/api/v1/accounts/acme/members/ben', {
      token: owner,
      body: { role: 'viewer' },
    });
    const rows = (await t.call('GET', '/api/v1/audit', { token: owner, account: 'acme' })).json()
      .items as Row[];
    expect(rows[0]).toMatchObject({
      user: 'ann',
      account: 'acme',
      action: 'members.set',
      target: 'accounts/acme/members/ben',
      result: 'success',
      status: 200,
      requestId: res.headers['x-request-id'],
    });
  });

  it('records refusals and failures, and sign-in attempts', async () => {
    const viewer = await t.member('acme', 'cat', 'viewer');
    await t.call('PUT', '/api/v1/accounts/acme/members/cat', {
      token: viewer,
      body: { role: 'owner' },
    });
    await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'cat', password: 'wrong password' },
    });
    await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'no-such-user', password: 'whatever' },
    });
    await t.call('POST', '/api/v1/accounts', { token: admin, body: { name: 'acme', type: 'isv' } });
    const rows = await all();
    expect(rows).toContainEqual(
      expect.objectContaining({
        user: 'cat',
        account: 'acme',
        action: 'members.set',
        result: 'denied',
        status: 403,
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ user: 'cat', action: 'auth.login', result: 'denied', status: 401 }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        user: null,
        action: 'auth.login',
        result: 'denied',
        target: 'auth/login',
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        user: 'admin',
        account: 'platform',
        action: 'accounts.create',
        result: 'failure',
        status: 409,
      }),
    );
  });

  it('names a failed request by its path alone, never by its body', async () => {
    await t.call('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'Not Valid', password: 'x' },
    });
    const row = (await all()).find((r) => r.action === 'users.create' && r.status === 422);
    expect(row?.target).toBe('users');
  });

  it('shows an account only its own rows; platform administrators see every row', async () => {
    const globexOwner = await t.member('globex', 'dan', 'owner');
    await t.createUser('eve');
    await t.call('PUT', '/api/v1/accounts/globex/members/eve', {
      token: globexOwner,
      body: { role: 'viewer' },
    });
    const globexRows = (await t.call('GET', '/api/v1/audit', { token: globexOwner })).json()
      .items as Row[];
    expect(globexRows.length).toBeGreaterThan(0);
    expect(globexRows.every((r) => r.account === 'globex')).toBe(true);
    const accounts = new Set((await all()).map((r) => r.account));
    expect(accounts).toEqual(new Set(['platform', 'acme', 'globex', null]));
  });

  it('filters by action, user and result, newest first, with pages', async () => {
    const rows = (
      await t.call('GET', '/api/v1/audit', {
        token: admin,
        query: { action: 'auth.login', result: 'denied' },
      })
    ).json().items as Row[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.action === 'auth.login' && r.result === 'denied')).toBe(true);
    const first = (
      await t.call('GET', '/api/v1/audit', { token: admin, query: { limit: '1' } })
    ).json();
    const second = (
      await t.call('GET', '/api/v1/audit', {
        token: admin,
        query: { limit: '1', cursor: first.nextCursor },
      })
    ).json();
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[0].id));
  });

  it('does not record reads', async () => {
    const before = (await all()).length;
    await t.call('GET', '/api/v1/me', { token: admin });
    await t.call('GET', '/api/v1/accounts', { token: admin });
    expect((await all()).length).toBe(before);
  });
});
