import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot } from '../testing/db-snapshot.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

/** The account container policy API (R15): platform admins only, canonical, audited. */
describe('PUT and GET /api/v1/accounts/{account}/container-policy', () => {
  let t: TestApp;
  let admin: string;
  const url = '/api/v1/accounts/acme/container-policy';
  const nothing = {
    privileged: false,
    hostPID: false,
    capabilities: [],
    devices: [],
    hostPaths: [],
  };

  beforeAll(async () => {
    t = await TestApp.create(templates());
    admin = await t.adminToken();
    await t.createAccount('acme');
  });
  afterAll(() => t.close());

  async function unchangedBy<T>(fn: () => Promise<T>): Promise<T> {
    const before = await dbSnapshot(t.db);
    const result = await fn();
    expect(await dbSnapshot(t.db)).toBe(before);
    return result;
  }

  it('allows nothing by default', async () => {
    const res = await t.call('GET', url, { token: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(nothing);
  });

  it('stores every spelling in canonical form, sorted and once, and audits the change', async () => {
    const res = await t.call('PUT', url, {
      token: admin,
      body: {
        privileged: false,
        hostPID: true,
        capabilities: ['cap_net_admin', ' SYS_TIME ', 'NET_ADMIN'],
        devices: ['/dev//serial/', '/dev/x/../ttyUSB0'],
        hostPaths: ['/srv/scanner/./in/', '/srv/scanner/in'],
      },
    });
    expect(res.statusCode).toBe(200);
    const canonical = {
      privileged: false,
      hostPID: true,
      capabilities: ['NET_ADMIN', 'SYS_TIME'],
      devices: ['/dev/serial', '/dev/ttyUSB0'],
      hostPaths: ['/srv/scanner/in'],
    };
    expect(res.json()).toEqual(canonical);
    expect((await t.call('GET', url, { token: admin })).json()).toEqual(canonical);
    const audit = await t.call('GET', '/api/v1/audit', {
      token: admin,
      query: { action: 'accounts.container-policy.set' },
    });
    expect(audit.json().items[0]).toMatchObject({
      user: 'admin',
      target: 'accounts/acme/container-policy',
      result: 'success',
      status: 200,
    });
  });

  it('refuses anyone but a platform admin with 403, even the account’s own owner', async () => {
    const owner = await t.member('acme', 'olive', 'owner');
    const viewer = await t.member('platform', 'pete', 'viewer');
    for (const token of [owner, viewer]) {
      const put = await unchangedBy(() =>
        t.call('PUT', url, { token, body: { ...nothing, privileged: true } }),
      );
      expect(put.statusCode).toBe(403);
      expect(put.json().detail).toContain('Only platform administrators');
      expect((await t.call('GET', url, { token })).statusCode).toBe(403);
    }
  });

  it('answers 404 for an account that does not exist, and changes nothing', async () => {
    const missing = '/api/v1/accounts/nobody/container-policy';
    expect((await t.call('GET', missing, { token: admin })).statusCode).toBe(404);
    const put = await unchangedBy(() => t.call('PUT', missing, { token: admin, body: nothing }));
    expect(put.statusCode).toBe(404);
    expect(put.json().detail).toBe('Account "nobody" not found');
  });

  it.each([
    [{ hostPaths: ['srv/scanner'] }, 'hostPaths[0]', 'must be an absolute path'],
    [{ devices: ['/dev/ok', '../dev/ttyUSB0'] }, 'devices[1]', 'must be an absolute path'],
    [{ capabilities: ['NET_ADMIN', 'CAP_ROOT'] }, 'capabilities[1]', 'is not a Linux capability'],
    [{ hostPaths: ['/srv/$(id)'] }, 'hostPaths[0]', 'may only contain'],
    [{ privileged: 'yes' }, 'privileged', 'boolean'],
    [{ privileged: undefined }, 'privileged', ''],
    [{ root: true }, 'root', ''],
  ])('refuses %j with 422 naming %s, and changes nothing', async (change, path, words) => {
    const res = await unchangedBy(() =>
      t.call('PUT', url, { token: admin, body: { ...nothing, ...change } }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const error = res.json().errors.find((e: { path: string }) => e.path === path);
    expect(error, res.body).toBeDefined();
    expect(error.message).toContain(words);
  });
});
