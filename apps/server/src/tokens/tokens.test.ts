import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { TestClock } from '../testing/test-clock.js';

describe('personal access tokens', () => {
  let t: TestApp;
  let clock: TestClock;
  let session: string;
  beforeAll(async () => {
    clock = new TestClock();
    t = await TestApp.create(templates(), { clock });
    await t.createAccount('acme');
    await t.createAccount('globex');
    session = await t.member('acme', 'kim', 'developer');
    await t.setMember('globex', 'kim', 'viewer');
  });
  afterAll(() => t.close());

  const create = (body: object) => t.call('POST', '/api/v1/tokens', { token: session, body });

  it('shows the token once, with a visible prefix, and stores only its hash', async () => {
    const res = await create({ name: 'laptop' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.token).toMatch(/^bpat_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.prefix).toHaveLength(12);

    const list = await t.call('GET', '/api/v1/tokens', { token: session });
    const listed = list.json().items.find((i: { id: string }) => i.id === created.id);
    expect(listed).toMatchObject({
      name: 'laptop',
      prefix: created.prefix,
      account: null,
      expiresAt: null,
    });
    expect(list.body).not.toContain(created.token);

    const rows = await t.db.execute(sql`select * from credentials`);
    expect(JSON.stringify(rows)).not.toContain(created.token);
  });

  it('authenticates requests and records when it was last used', async () => {
    const { token, id } = (await create({ name: 'ci' })).json();
    const me = await t.call('GET', '/api/v1/me', { token });
    expect(me.json()).toMatchObject({
      user: { username: 'kim' },
      token: { kind: 'personal', account: null },
    });
    const list = await t.call('GET', '/api/v1/tokens', { token: session });
    expect(list.json().items.find((i: { id: string }) => i.id === id).lastUsedAt).toBe(
      clock.now().toISOString(),
    );
  });

  it('stops working at once when revoked', async () => {
    const { token, id } = (await create({ name: 'to revoke' })).json();
    expect((await t.call('GET', '/api/v1/me', { token })).statusCode).toBe(200);
    const del = await t.call('DELETE', `/api/v1/tokens/${id}`, { token: session });
    expect(del.statusCode).toBe(204);
    const after = await t.call('GET', '/api/v1/me', { token });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('token_invalid');
    expect((await t.call('DELETE', `/api/v1/tokens/${id}`, { token: session })).statusCode).toBe(
      404,
    );
  });

  it('acts only in the account it is pinned to', async () => {
    const { token, account } = (await create({ name: 'acme only', account: 'acme' })).json();
    expect(account).toBe('acme');
    const own = await t.call('GET', '/api/v1/accounts/acme', { token });
    expect(own.statusCode).toBe(200);
    const other = await t.call('GET', '/api/v1/accounts/globex', { token });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('token_account_mismatch');
    const viaHeader = await t.call('GET', '/api/v1/audit', { token, account: 'globex' });
    expect(viaHeader.statusCode).toBe(403);
  });

  it('cannot mint an unpinned token from a pinned one', async () => {
    const pinned = (await create({ name: 'pinned', account: 'acme' })).json().token;
    const child = await t.call('POST', '/api/v1/tokens', {
      token: pinned,
      body: { name: 'child' },
    });
    expect(child.json().account).toBe('acme');
  });

  it("refuses to pin to an account the user is not in, and hides other users' tokens", async () => {
    const res = await create({ name: 'x', account: 'platform' });
    expect(res.statusCode).toBe(404);
    const other = await t.member('acme', 'lee', 'viewer');
    const leeToken = (
      await t.call('POST', '/api/v1/tokens', { token: other, body: { name: 'lee' } })
    ).json();
    expect(
      (await t.call('DELETE', `/api/v1/tokens/${leeToken.id}`, { token: session })).statusCode,
    ).toBe(404);
    expect((await t.call('GET', '/api/v1/tokens', { token: session })).body).not.toContain(
      leeToken.id,
    );
  });

  it('pages the list with a cursor', async () => {
    const mine = await t.member('acme', 'mia', 'viewer');
    for (let i = 0; i < 5; i++)
      await t.call('POST', '/api/v1/tokens', { token: mine, body: { name: `t${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = cursor ? { limit: '2', cursor } : { limit: '2' };
      const page = (await t.call('GET', '/api/v1/tokens', { token: mine, query })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i: { name: string }) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('expires after the days it was given (runs last: it moves the clock)', async () => {
    const { token, expiresAt } = (await create({ name: 'short', expiresInDays: 1 })).json();
    expect(Date.parse(expiresAt) - clock.now().getTime()).toBe(86_400_000);
    expect((await t.call('GET', '/api/v1/me', { token })).statusCode).toBe(200);
    clock.advance(86_400_000);
    const res = await t.call('GET', '/api/v1/me', { token });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('token_expired');
  });
});
