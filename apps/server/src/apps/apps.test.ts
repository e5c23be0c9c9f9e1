import { deployments, distributions, isAllowedCombination } from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

describe('app templates (domain §1)', () => {
  let t: TestApp;
  let dev: string;
  beforeAll(async () => {
    t = await TestApp.create(templates());
    await t.createAccount('acme');
    await t.createAccount('globex');
    dev = await t.member('acme', 'dana', 'developer');
  });
  afterAll(() => t.close());

  const create = (body: object, token = dev, account = 'acme') =>
    t.call('POST', '/api/v1/apps', { token, account, body });

  it('accepts exactly the allowed distribution × deployment pairs and lists them when refusing', async () => {
    let i = 0;
    for (const distribution of distributions) {
      for (const deployment of deployments) {
        const allowed = isAllowedCombination(distribution, deployment);
        const res = await create({ name: `pair-${i++}`, distribution, deployment });
        if (allowed) {
          expect(res.statusCode, `${distribution} × ${deployment}`).toBe(201);
        } else {
          expect(res.statusCode, `${distribution} × ${deployment}`).toBe(422);
          const error = res.json().errors.find((e: { path: string }) => e.path === 'deployment');
          expect(error.message).toContain('instance × edge-hosted');
          expect(error.message).toContain('once × edge-external');
        }
      }
    }
  });

  it('creates, lists and gets an app with its defaults', async () => {
    const res = await create({
      name: 'parking',
      displayName: 'Parking',
      distribution: 'instance',
      deployment: 'edge-hosted',
    });
    expect(res.json()).toMatchObject({
      name: 'parking',
      displayName: 'Parking',
      os: 'linux',
      latestVersion: null,
    });
    const list = await t.call('GET', '/api/v1/apps', { token: dev, account: 'acme' });
    expect(list.json().items.map((a: { name: string }) => a.name)).toContain('parking');
    const one = await t.call('GET', '/api/v1/apps/parking', { token: dev, account: 'acme' });
    expect(one.json().distribution).toBe('instance');
  });

  it('keeps names unique per account, not across accounts', async () => {
    await create({ name: 'meter', distribution: 'instance', deployment: 'cloud-hosted' });
    const dup = await create({
      name: 'meter',
      distribution: 'instance',
      deployment: 'cloud-hosted',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('app_exists');
    const other = await create(
      { name: 'meter', distribution: 'instance', deployment: 'cloud-hosted' },
      await t.adminToken(),
      'globex',
    );
    expect(other.statusCode).toBe(201);
  });

  it('deletes an app never published, and refuses one that was', async () => {
    await create({ name: 'scratch', distribution: 'instance', deployment: 'edge-hosted' });
    await t.call('POST', '/api/v1/apps/scratch/versions', {
      token: dev,
      account: 'acme',
      body: { version: '0.1.0', kind: 'initial' },
    });
    expect(
      (await t.call('DELETE', '/api/v1/apps/scratch', { token: dev, account: 'acme' })).statusCode,
    ).toBe(204);
    expect(
      (await t.call('GET', '/api/v1/apps/scratch', { token: dev, account: 'acme' })).statusCode,
    ).toBe(404);

    await create({ name: 'kept', distribution: 'once', deployment: 'edge-external' });
    await t.call('POST', '/api/v1/apps/kept/versions', {
      token: dev,
      account: 'acme',
      body: { version: '1.0.0', kind: 'initial' },
    });
    expect(
      (
        await t.call('POST', '/api/v1/apps/kept/versions/1.0.0/publish', {
          token: dev,
          account: 'acme',
        })
      ).statusCode,
    ).toBe(200);
    const refused = await t.call('DELETE', '/api/v1/apps/kept', { token: dev, account: 'acme' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('app_has_published_versions');
    expect(
      (await t.call('GET', '/api/v1/apps/kept', { token: dev, account: 'acme' })).json()
        .latestVersion,
    ).toBe('1.0.0');
  });

  it('serves the JSON Schema of the spec without sign-in, and the middleware catalog', async () => {
    const schema = await t.call('GET', '/api/v1/schemas/app-spec.json');
    expect(schema.statusCode).toBe(200);
    expect(schema.headers['content-type']).toContain('application/schema+json');
    expect(schema.json()).toMatchObject({ $id: 'http://berth.test/api/v1/schemas/app-spec.json' });
    expect(schema.json().properties.nodes).toBeDefined();
    const catalog = await t.call('GET', '/api/v1/catalog/middleware', {
      token: dev,
      account: 'acme',
    });
    expect(catalog.json().items.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining([
        'mysql',
        'postgresql',
        'redis',
        'mongodb',
        'sqlserver',
        'rabbitmq',
        'mosquitto',
        'nginx',
      ]),
    );
  });
});
