import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

describe('GET /api/v1/me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create(templates());
  });
  afterAll(() => t.close());

  it('describes the user and every account they belong to, with the role there', async () => {
    await t.createAccount('acme');
    await t.createAccount('globex', 'customer');
    const token = await t.member('acme', 'alice', 'developer');
    await t.setMember('globex', 'alice', 'viewer');
    // memberships changed after sign-in: the cached principal must not be stale
    const res = await t.call('GET', '/api/v1/me', { token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { username: 'alice', platformAdmin: false },
      accounts: [
        { name: 'acme', type: 'isv', role: 'developer' },
        { name: 'globex', type: 'customer', role: 'viewer' },
      ],
      token: { kind: 'session', account: null },
    });
  });

  it('marks platform administrators', async () => {
    const res = await t.call('GET', '/api/v1/me', { token: await t.adminToken() });
    expect(res.json()).toMatchObject({
      user: { username: 'admin', platformAdmin: true },
      accounts: [{ name: 'platform', type: 'platform', role: 'owner' }],
    });
  });
});
