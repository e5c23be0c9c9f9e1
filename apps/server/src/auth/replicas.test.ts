import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

/**
 * Two control-plane replicas on one database: a change made through one must reach the
 * other's principal cache (Postgres NOTIFY) before the cache would expire by itself.
 */
describe('auth changes across replicas', () => {
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    one = await TestApp.create(templates(), { authCacheTtlMs: 600_000 });
    two = await TestApp.create(templates(), {
      authCacheTtlMs: 600_000,
      database: one.services.database,
    });
    await one.createAccount('acme');
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  async function eventually(check: () => Promise<boolean>): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < 2000) {
      if (await check()) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('not within 2 s');
  }

  it('revokes a token in the other replica within moments', async () => {
    const session = await one.member('acme', 'ada', 'viewer');
    const { token, id } = (
      await one.call('POST', '/api/v1/tokens', { token: session, body: { name: 'x' } })
    ).json();
    expect((await two.call('GET', '/api/v1/me', { token })).statusCode).toBe(200);
    await one.call('DELETE', `/api/v1/tokens/${id}`, { token: session });
    const ms = await eventually(
      async () => (await two.call('GET', '/api/v1/me', { token })).statusCode === 401,
    );
    expect(ms).toBeLessThan(1000);
  });

  it('applies a membership change in the other replica within moments', async () => {
    const token = await one.member('acme', 'bob', 'viewer');
    expect((await two.call('GET', '/api/v1/audit', { token })).statusCode).toBe(403);
    await one.setMember('acme', 'bob', 'owner');
    await eventually(
      async () => (await two.call('GET', '/api/v1/audit', { token })).statusCode === 200,
    );
  });
});
