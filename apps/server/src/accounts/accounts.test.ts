import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

describe('accounts and memberships', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.create(templates());
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('creates accounts of every type and refuses a taken name with 409', async () => {
    for (const type of ['isv', 'customer', 'integrator', 'platform']) {
      const res = await t.call('POST', '/api/v1/accounts', {
        token: admin,
        body: { name: `acct-${type}`, type },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ name: `acct-${type}`, type, displayName: null });
    }
    const dup = await t.call('POST', '/api/v1/accounts', {
      token: admin,
      body: { name: 'acct-isv', type: 'isv' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      code: 'account_exists',
      detail: 'An account named "acct-isv" already exists',
    });
  });

  it('refuses a duplicate user and a password that contains the username', async () => {
    await t.createUser('nora');
    const dup = await t.call('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'nora', password: 'long enough pass' },
    });
    expect(dup.statusCode).toBe(409);
    const weak = await t.call('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'oscar', password: 'oscar-1234567' },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors).toContainEqual({
      path: 'password',
      in: 'body',
      message: 'must not contain the username',
    });
  });

  it('lists only the accounts a user belongs to; platform admins see all', async () => {
    const token = await t.member('acct-isv', 'paula', 'viewer');
    const mine = await t.call('GET', '/api/v1/accounts', { token });
    expect(mine.json().items.map((a: { name: string }) => a.name)).toEqual(['acct-isv']);
    const all = await t.call('GET', '/api/v1/accounts', { token: admin });
    expect(all.json().items.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['acct-customer', 'acct-isv', 'platform']),
    );
  });

  it('lets account admins manage members but only owners grant or remove owners', async () => {
    const owner = await t.member('acct-customer', 'quinn', 'owner');
    const adminOfAcct = await t.member('acct-customer', 'rita', 'admin');
    await t.createUser('sam');
    const add = await t.call('PUT', '/api/v1/accounts/acct-customer/members/sam', {
      token: adminOfAcct,
      body: { role: 'operator' },
    });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toMatchObject({ username: 'sam', role: 'operator' });

    const promote = await t.call('PUT', '/api/v1/accounts/acct-customer/members/sam', {
      token: adminOfAcct,
      body: { role: 'owner' },
    });
    expect(promote.statusCode).toBe(403);
    const demoteOwner = await t.call('PUT', '/api/v1/accounts/acct-customer/members/quinn', {
      token: adminOfAcct,
      body: { role: 'viewer' },
    });
    expect(demoteOwner.statusCode).toBe(403);

    const byOwner = await t.call('PUT', '/api/v1/accounts/acct-customer/members/sam', {
      token: owner,
      body: { role: 'owner' },
    });
    expect(byOwner.statusCode).toBe(200);

    const members = await t.call('GET', '/api/v1/accounts/acct-customer/members', {
      token: adminOfAcct,
    });
    expect(
      members.json().items.map((m: { username: string; role: string }) => [m.username, m.role]),
    ).toEqual([
      ['quinn', 'owner'],
      ['rita', 'admin'],
      ['sam', 'owner'],
    ]);
  });

  it('never leaves an account without an owner, even under concurrent demotions', async () => {
    const a = await t.member('acct-integrator', 'tom', 'owner');
    await t.createUser('uma');
    await t.call('PUT', '/api/v1/accounts/acct-integrator/members/uma', {
      token: a,
      body: { role: 'owner' },
    });
    const results = await Promise.all([
      t.call('PUT', '/api/v1/accounts/acct-integrator/members/tom', {
        token: admin,
        body: { role: 'viewer' },
      }),
      t.call('DELETE', '/api/v1/accounts/acct-integrator/members/uma', { token: admin }),
    ]);
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200 || s === 204)).toHaveLength(1);
    const members = (
      await t.call('GET', '/api/v1/accounts/acct-integrator/members', { token: admin })
    ).json().items;
    expect(members.filter((m: { role: string }) => m.role === 'owner')).toHaveLength(1);
    const last = members.find((m: { role: string }) => m.role === 'owner').username;
    const refused = await t.call('DELETE', `/api/v1/accounts/acct-integrator/members/${last}`, {
      token: admin,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('last_owner');
  });

  it('applies a role change to the very next request of that user', async () => {
    const token = await t.member('acct-isv', 'vera', 'viewer');
    const before = await t.call('GET', '/api/v1/audit', { token, account: 'acct-isv' });
    expect(before.statusCode).toBe(403);
    await t.setMember('acct-isv', 'vera', 'admin');
    const after = await t.call('GET', '/api/v1/audit', { token, account: 'acct-isv' });
    expect(after.statusCode).toBe(200);
    await t.call('DELETE', '/api/v1/accounts/acct-isv/members/vera', { token: admin });
    const removed = await t.call('GET', '/api/v1/audit', { token, account: 'acct-isv' });
    expect(removed.statusCode).toBe(404);
  });

  it('asks which account when a user belongs to several and names none', async () => {
    const token = await t.member('acct-isv', 'will', 'viewer');
    await t.setMember('acct-customer', 'will', 'viewer');
    const res = await t.call('GET', '/api/v1/audit', { token });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'account_required' });
    expect(res.json().detail).toContain('acct-customer, acct-isv');
  });
});
