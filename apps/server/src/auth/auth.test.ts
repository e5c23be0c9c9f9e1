import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { adminPassword, initialAdminPassword, TestApp } from '../testing/test-app.js';
import { TestClock } from '../testing/test-clock.js';

describe('first sign-in of the platform admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create(templates());
  });
  afterAll(() => t.close());

  it('has no default credentials: admin/admin and an empty password are refused', async () => {
    for (const password of ['admin', 'password', 'berth']) {
      const res = await t.call('POST', '/api/v1/auth/login', {
        body: { username: 'admin', password },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('login_failed');
    }
    const empty = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: '' },
    });
    expect(empty.statusCode).toBe(422);
  });

  it('holds back every call but the password change until the password is changed', async () => {
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: initialAdminPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ mustChangePassword: true, user: { username: 'admin' } });
    const token = login.json().token as string;

    for (const [method, url] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/accounts'],
      ['POST', '/api/v1/tokens'],
    ] as const) {
      const res = await t.call(method, url, {
        token,
        body: method === 'POST' ? { name: 'x' } : undefined,
      });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('password_change_required');
      expect(res.json().detail).toContain('/api/v1/auth/password');
    }

    const wrong = await t.call('POST', '/api/v1/auth/password', {
      token,
      body: { currentPassword: 'not it at all', newPassword: adminPassword },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('wrong_password');

    const same = await t.call('POST', '/api/v1/auth/password', {
      token,
      body: { currentPassword: initialAdminPassword, newPassword: initialAdminPassword },
    });
    expect(same.statusCode).toBe(422);
    expect(same.json().errors[0].path).toBe('newPassword');

    const short = await t.call('POST', '/api/v1/auth/password', {
      token,
      body: { currentPassword: initialAdminPassword, newPassword: 'short' },
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().errors).toContainEqual({
      path: 'newPassword',
      in: 'body',
      message: 'must be at least 10 characters',
    });

    const ok = await t.call('POST', '/api/v1/auth/password', {
      token,
      body: { currentPassword: initialAdminPassword, newPassword: adminPassword },
    });
    expect(ok.statusCode).toBe(204);
    const me = await t.call('GET', '/api/v1/me', { token });
    expect(me.statusCode).toBe(200);
  });

  it('accepts only the new password afterwards', async () => {
    const old = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: initialAdminPassword },
    });
    expect(old.statusCode).toBe(401);
    const fresh = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: adminPassword },
    });
    expect(fresh.json()).toMatchObject({ mustChangePassword: false });
  });
});

describe('sessions', () => {
  let t: TestApp;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock();
    t = await TestApp.create(templates(), { clock });
    await t.createAccount('acme');
  });
  afterAll(() => t.close());

  it('sets an HttpOnly, SameSite=Strict session cookie that authenticates the console', async () => {
    const password = await t.createUser('carol');
    await t.setMember('acme', 'carol', 'viewer');
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'carol', password },
    });
    const cookie = login.cookies.find((c) => c.name === 'berth_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value).toBe(login.json().token);
    const me = await t.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { berth_session: cookie!.value },
    });
    expect(me.json().user.username).toBe('carol');
  });

  it('refuses a cookie-authenticated change that comes from another site', async () => {
    const password = await t.createUser('dave');
    const token = await t.login('dave', password);
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      cookies: { berth_session: token },
      headers: { origin: 'https://evil.example', host: 'berth.test' },
      payload: { name: 'stolen' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('cross_site_request');
    const same = await t.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      cookies: { berth_session: token },
      headers: { origin: 'http://berth.test', host: 'berth.test' },
      payload: { name: 'mine' },
    });
    expect(same.statusCode).toBe(201);
  });

  it('ends the session at sign-out, at once', async () => {
    const password = await t.createUser('erin');
    const token = await t.login('erin', password);
    expect((await t.call('GET', '/api/v1/me', { token })).statusCode).toBe(200);
    const out = await t.call('POST', '/api/v1/auth/logout', { token });
    expect(out.statusCode).toBe(204);
    const after = await t.call('GET', '/api/v1/me', { token });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('token_invalid');
  });

  it('expires a session after its lifetime, with a message that says so', async () => {
    const password = await t.createUser('frank');
    const token = await t.login('frank', password);
    clock.advance(12 * 3_600_000 + 1000);
    const res = await t.call('GET', '/api/v1/me', { token });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('token_expired');
    expect(res.json().detail).toMatch(/expired at .*sign in again/);
  });

  it('ends the other sessions when the password changes, keeping the current one', async () => {
    const password = await t.createUser('gina');
    const first = await t.login('gina', password);
    const second = await t.login('gina', password);
    expect((await t.call('GET', '/api/v1/me', { token: first })).statusCode).toBe(200);
    const change = await t.call('POST', '/api/v1/auth/password', {
      token: second,
      body: { currentPassword: password, newPassword: 'a brand new passphrase' },
    });
    expect(change.statusCode).toBe(204);
    expect((await t.call('GET', '/api/v1/me', { token: first })).statusCode).toBe(401);
    expect((await t.call('GET', '/api/v1/me', { token: second })).statusCode).toBe(200);
  });

  it('answers malformed and unsupported credentials with 401 that names the problem', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ authorization: 'Bearer not-a-token' }, 'token_malformed'],
      [{ authorization: 'Basic YWRtaW46YWRtaW4=' }, 'unsupported_authorization'],
      [{ authorization: `Bearer bses_${'A'.repeat(43)}` }, 'token_invalid'],
    ];
    for (const [headers, code] of cases) {
      const res = await t.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe(code);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });
});

describe('login throttling', () => {
  let t: TestApp;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock();
    t = await TestApp.create(templates(), {
      clock,
      loginThrottle: {
        slowAfter: 2,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        lockAfterUser: 5,
        lockAfterAddress: 8,
        lockMs: 60_000,
      },
    });
  });
  afterAll(() => t.close());

  const attempt = (username: string, password: string, ip = '10.0.0.1') =>
    t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });

  it('slows answers after repeated failures, then locks the username even for the right password', async () => {
    const password = await t.createUser('henry');
    clock.sleeps.length = 0;
    for (let i = 1; i <= 4; i++)
      expect((await attempt('henry', 'wrong guess')).statusCode).toBe(401);
    expect(clock.sleeps).toEqual([100, 200]);
    const fifth = await attempt('henry', 'wrong guess');
    expect(fifth.statusCode).toBe(401);
    const locked = await attempt('henry', password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('login_locked');
    expect(locked.json().detail).toContain('this username');
    expect(Number(locked.headers['retry-after'])).toBe(60);
    clock.advance(61_000);
    expect((await attempt('henry', password)).statusCode).toBe(200);
  });

  it('locks a source address that tries many usernames', async () => {
    for (let i = 0; i < 8; i++) await attempt(`nobody-${i}`, 'guess', '10.9.9.9');
    const res = await attempt('someone-else', 'guess', '10.9.9.9');
    expect(res.statusCode).toBe(429);
    expect(res.json().detail).toContain('your address');
    const elsewhere = await attempt('someone-else', 'guess', '10.1.1.1');
    expect(elsewhere.statusCode).toBe(401);
  });

  it('counts concurrent failures exactly (one upsert per attempt)', async () => {
    await t.createUser('ivy');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => attempt('ivy', 'nope', '10.2.2.2')),
    );
    expect(results.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect((await attempt('ivy', 'nope', '10.3.3.3')).statusCode).toBe(429);
  });

  it('forgets failures once their window has passed', async () => {
    const password = await t.createUser('jack');
    for (let i = 0; i < 3; i++) await attempt('jack', 'nope', '10.4.4.4');
    clock.advance(16 * 60_000);
    expect(await t.services.loginThrottle.sweep()).toBeGreaterThan(0);
    clock.sleeps.length = 0;
    await attempt('jack', 'nope', '10.4.4.4');
    expect(clock.sleeps).toEqual([]);
    expect((await attempt('jack', password, '10.4.4.4')).statusCode).toBe(200);
  });
});
