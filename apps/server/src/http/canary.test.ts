import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

/**
 * R12: canary passwords and tokens never reach a log line, an audit row or an error
 * body — whatever the request does with them, right or wrong. Each canary is a unique
 * string; the sweep at the end looks for every one of them everywhere.
 */
describe('R12: secrets never leak', () => {
  let t: TestApp;
  const canary = {
    password: 'CANARY-pw-2f9d1c7e-first',
    newPassword: 'CANARY-pw-8b3a6d0f-second',
    wrong: 'CANARY-pw-11aa22bb-wrong',
  };
  const issued: string[] = [];
  const errors: LightMyRequestResponse[] = [];

  const track = (res: LightMyRequestResponse) => {
    if (res.statusCode >= 400) errors.push(res);
    return res;
  };

  beforeAll(async () => {
    t = await TestApp.create(templates());
    const admin = await t.adminToken();
    await t.createAccount('acme');
    const call = async (...args: Parameters<TestApp['call']>) => track(await t.call(...args));

    await call('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'watcher', password: canary.password },
    });
    await call('PUT', '/api/v1/accounts/acme/members/watcher', {
      token: admin,
      body: { role: 'owner' },
    });
    for (let i = 0; i < 5; i++) {
      await call('POST', '/api/v1/auth/login', {
        body: { username: 'watcher', password: canary.wrong },
      });
    }
    // a password typed into the username field
    await call('POST', '/api/v1/auth/login', {
      body: { username: canary.password, password: canary.password },
    });
    await t.services.loginThrottle.recordSuccess({ user: 'watcher', address: '127.0.0.1' });
    const login = await call('POST', '/api/v1/auth/login', {
      body: { username: 'watcher', password: canary.password },
    });
    const session = login.json<{ token: string }>().token;
    issued.push(session);

    const pat = (
      await call('POST', '/api/v1/tokens', { token: session, body: { name: 'ci' } })
    ).json<{ token: string }>().token;
    issued.push(pat);
    await call('GET', '/api/v1/me', { token: pat });
    await call('GET', `/api/v1/me?token=${pat}&access_token=${pat}`, { token: pat });

    await call('POST', '/api/v1/auth/password', {
      token: session,
      body: { currentPassword: canary.wrong, newPassword: canary.newPassword },
    });
    await call('POST', '/api/v1/auth/password', {
      token: session,
      body: { currentPassword: canary.password, newPassword: canary.password },
    });
    await call('POST', '/api/v1/auth/password', {
      token: session,
      body: { currentPassword: canary.password, newPassword: canary.newPassword },
    });
    await call('POST', '/api/v1/users', {
      token: pat,
      body: { username: canary.password, password: canary.newPassword },
    });
    await call('POST', '/api/v1/users', {
      token: admin,
      body: { username: canary.password, password: canary.newPassword },
    });
    await call('POST', '/api/v1/tokens', {
      token: pat,
      body: { name: canary.password, surplus: canary.newPassword },
    });
    track(
      await t.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: `{"username": "watcher", "password": "${canary.newPassword}"`,
      }),
    );
    track(
      await t.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${canary.password}` },
      }),
    );
    track(
      await t.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Basic ${canary.password}` },
      }),
    );
    track(await t.inject({ method: 'GET', url: `/api/v1/no-route/${pat}` }));
    await call('POST', '/api/v1/auth/logout', { token: session });
    await call('GET', '/api/v1/me', { token: session });
  });
  afterAll(() => t.close());

  const secrets = () => [...Object.values(canary), ...issued];

  it('exercised the paths it means to: failures, successes and the issued tokens', () => {
    expect(issued).toHaveLength(2);
    for (const token of issued) expect(token).toMatch(/^b(ses|pat)_/);
    expect(errors.length).toBeGreaterThanOrEqual(15);
    expect(t.logs.lines.length).toBeGreaterThan(20);
  });

  it('writes none of them to a log line', () => {
    const logs = t.logs.text();
    for (const s of secrets()) expect(logs).not.toContain(s);
    expect(logs).toContain('[redacted]');
  });

  it('puts none of them in an audit row', async () => {
    const rows = JSON.stringify(await t.db.execute(sql`select * from audit_events`));
    expect(rows.length).toBeGreaterThan(100);
    for (const s of secrets()) expect(rows).not.toContain(s);
  });

  it('echoes none of them in an error body', () => {
    for (const res of errors) for (const s of secrets()) expect(res.body).not.toContain(s);
  });

  it('stores passwords as argon2id hashes and tokens as SHA-256 digests only', async () => {
    const dump =
      JSON.stringify(await t.db.execute(sql`select * from users`)) +
      JSON.stringify(await t.db.execute(sql`select * from credentials`));
    for (const s of secrets()) expect(dump).not.toContain(s);
    expect(dump).toContain('$argon2id$v=19$');
  });
});
