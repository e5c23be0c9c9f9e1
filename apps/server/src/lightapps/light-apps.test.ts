import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';
import { makePackage } from '../testing/test-packages.js';

const sensor = { 'main.py': 'print("21.5")\n', 'lib/sensor.py': 'def read(): return 21.5\n' };
const config = { entry: 'main.py', args: ['--every', '5'], memoryMi: 32, cpuMillis: 200 };

describe('light apps and versions (domain §8)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await TestApp.create(templates(), { settings: { packageLimit: 16 * 1024 } });
    await t.createAccount('acme');
    await t.createAccount('other');
    token = await t.member('acme', 'dev', 'developer');
  });
  afterAll(() => t.close());

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    t.call(method, `/api/v1/lightapps${url}`, {
      token,
      account: 'acme',
      body,
      ...(headers ? { headers } : {}),
    });
  const upload = (url: string, bytes: Buffer, type = 'application/octet-stream') =>
    t.inject({
      method: 'PUT',
      url: `/api/v1/lightapps${url}/package`,
      payload: bytes,
      headers: { authorization: `Bearer ${token}`, 'berth-account': 'acme', 'content-type': type },
    });
  const draft = async (name: string, language = 'python') => {
    expect((await call('POST', '', { name, language })).statusCode).toBe(201);
    expect(
      (await call('POST', `/${name}/versions`, { version: '1.0.0', kind: 'initial' })).statusCode,
    ).toBe(201);
  };

  it('creates a light app, and refuses a taken name or a bad one by field', async () => {
    const res = await call('POST', '', { name: 'temp_sensor', language: 'c', arch: 'aarch64' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'temp_sensor',
      language: 'c',
      arch: 'aarch64',
      latestVersion: null,
    });
    const again = await call('POST', '', { name: 'temp_sensor', language: 'python' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('lightapp_exists');
    const bad = await call('POST', '', { name: 'x-y', language: 'c' });
    expect(bad.statusCode).toBe(422);
    expect(new Set(bad.json().errors.map((e: { path: string }) => e.path))).toEqual(
      new Set(['arch', 'name']),
    );
    expect((await call('GET', '')).json().items.map((a: { name: string }) => a.name)).toContain(
      'temp_sensor',
    );
  });

  it('stores an uploaded package by its sha256 and lists its files', async () => {
    await draft('uploader');
    const bytes = makePackage('tar.gz', sensor);
    const res = await upload('/uploader/versions/1.0.0', bytes, 'application/gzip');
    expect(res.statusCode).toBe(200);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(res.json()).toEqual({ sha256, size: bytes.length });
    expect((await t.services.blobs.read(sha256)).equals(bytes)).toBe(true);
    const got = await call('GET', '/uploader/versions/1.0.0');
    expect(got.json().package).toEqual({ sha256, size: bytes.length, format: 'tar.gz', files: 2 });
  });

  it('refuses a package that is not an archive, one with an escaping entry, and one over the limit', async () => {
    await draft('refuser');
    const text = await upload('/refuser/versions/1.0.0', Buffer.from('#!/bin/sh\n'));
    expect(text.statusCode).toBe(422);
    expect(text.json().detail).toContain('neither a zip nor a tar.gz');
    const escaping = makePackage('zip', { 'main.py': 'x', up: { symlink: '../../../etc' } });
    const bad = await upload('/refuser/versions/1.0.0', escaping);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('outside the package');
    const json = await call('PUT', '/refuser/versions/1.0.0/package', { not: 'bytes' });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('package_expected');
    const big = await upload('/refuser/versions/1.0.0', randomBytes(20 * 1024));
    expect(big.statusCode).toBe(413);
    expect(big.json().detail).toContain(`${16 * 1024} bytes`);
    expect((await call('GET', '/refuser/versions/1.0.0')).json().package).toBeNull();
  });

  it('publishes only a version whose package holds its entry file', async () => {
    await draft('publisher');
    const early = await call('POST', '/publisher/versions/1.0.0/publish');
    expect(early.statusCode).toBe(422);
    expect(early.json().errors.map((e: { path: string }) => e.path)).toEqual(['package', 'config']);
    await upload('/publisher/versions/1.0.0', makePackage('zip', sensor));
    expect(
      (await call('PUT', '/publisher/versions/1.0.0/config', { ...config, entry: 'sensor.py' }))
        .statusCode,
    ).toBe(200);
    const wrong = await call('POST', '/publisher/versions/1.0.0/publish');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([
      {
        path: 'config.entry',
        message: 'sensor.py is not a file of the package (did you mean lib/sensor.py?)',
      },
    ]);
    expect((await call('PUT', '/publisher/versions/1.0.0/config', config)).json().config).toEqual({
      ...config,
      env: {},
      run: { mode: 'always' },
    });
    const ok = await call('POST', '/publisher/versions/1.0.0/publish');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'published', package: { format: 'zip', files: 2 } });
    expect((await call('GET', '/publisher')).json().latestVersion).toBe('1.0.0');
    for (const [method, url] of [
      ['POST', '/publisher/versions/1.0.0/publish'],
      ['PUT', '/publisher/versions/1.0.0/config'],
      ['DELETE', '/publisher/versions/1.0.0'],
    ] as const) {
      const res = await call(method, url, method === 'PUT' ? config : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(409);
      expect(res.json().code).toBe('version_published');
    }
    expect((await upload('/publisher/versions/1.0.0', makePackage('zip', sensor))).statusCode).toBe(
      409,
    );
  });

  it('validates a schedule, and keeps args as literals', async () => {
    await draft('scheduler');
    const bad = await call('PUT', '/scheduler/versions/1.0.0/config', {
      ...config,
      run: { mode: 'scheduled', schedule: '* * * *' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('run.schedule');
    const args = ['$(reboot)', '; rm -rf /', '`id`'];
    const ok = await call('PUT', '/scheduler/versions/1.0.0/config', {
      ...config,
      args,
      run: { mode: 'scheduled', schedule: '*/5 * * * *' },
    });
    expect(ok.json().config.args).toEqual(args);
  });

  it('honours If-Match: a stale ETag gets 412 and changes nothing', async () => {
    await draft('etagged');
    const etag = (await call('GET', '/etagged/versions/1.0.0')).headers.etag as string;
    expect(
      (await call('PUT', '/etagged/versions/1.0.0/config', config, { 'if-match': etag }))
        .statusCode,
    ).toBe(200);
    const stale = await call(
      'PUT',
      '/etagged/versions/1.0.0/config',
      { ...config, memoryMi: 64 },
      { 'if-match': etag },
    );
    expect(stale.statusCode).toBe(412);
    expect((await call('GET', '/etagged/versions/1.0.0')).json().config.memoryMi).toBe(32);
  });

  it('copies package and config into an upgrade; a patch may change only the package', async () => {
    await draft('patcher');
    await upload('/patcher/versions/1.0.0', makePackage('tar.gz', sensor));
    await call('PUT', '/patcher/versions/1.0.0/config', config);
    await call('POST', '/patcher/versions/1.0.0/publish');
    const patch = await call('POST', '/patcher/versions', {
      version: '1.0.1',
      kind: 'patch',
      from: '1.0.0',
    });
    expect(patch.json()).toMatchObject({
      kind: 'patch',
      from: '1.0.0',
      config: { entry: 'main.py' },
    });
    const refused = await call('PUT', '/patcher/versions/1.0.1/config', {
      ...config,
      memoryMi: 64,
      args: [],
    });
    expect(refused.statusCode).toBe(422);
    expect(
      refused
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['args', 'memoryMi']);
    const upgrade = await call('POST', '/patcher/versions', {
      version: '2.0.0',
      kind: 'upgrade',
      from: '1.0.1',
    });
    expect(upgrade.statusCode).toBe(201);
    expect(
      (await call('PUT', '/patcher/versions/2.0.0/config', { ...config, memoryMi: 64 })).statusCode,
    ).toBe(200);
    expect((await call('DELETE', '/patcher/versions/2.0.0')).statusCode).toBe(204);
    const versions = (await call('GET', '/patcher/versions'))
      .json()
      .items.map((v: { version: string }) => v.version);
    expect(versions).toEqual(['1.0.1', '1.0.0']);
  });

  it("keeps one account's light apps out of another's sight", async () => {
    const otherToken = await t.member('other', 'other-dev', 'developer');
    const res = await t.call('GET', '/api/v1/lightapps/temp_sensor', {
      token: otherToken,
      account: 'other',
    });
    expect(res.statusCode).toBe(404);
    expect(
      (await t.call('GET', '/api/v1/lightapps', { token: otherToken, account: 'other' })).json()
        .items,
    ).toEqual([]);
  });
});
