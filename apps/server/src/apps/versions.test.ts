import { appSpecExample } from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

const web = (tag: string, extra: object = {}) => ({
  nodes: [
    {
      name: 'web',
      kind: 'custom',
      image: `registry.example.com/acme/web:${tag}`,
      ports: [{ name: 'http', port: 8080, expose: true, serviceType: 'LoadBalancer' }],
      ...extra,
    },
  ],
});

describe('versions (domain §4)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await TestApp.create(templates());
    await t.createAccount('acme');
    token = await t.member('acme', 'dev', 'developer');
  });
  afterAll(() => t.close());

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    t.call(method, `/api/v1/apps${url}`, {
      token,
      account: 'acme',
      body,
      ...(headers ? { headers } : {}),
    });
  const newApp = (name: string, distribution = 'instance', deployment = 'edge-hosted') =>
    call('POST', '', { name, distribution, deployment });
  const newVersion = (app: string, body: object) => call('POST', `/${app}/versions`, body);
  /** PUTs a spec with the ETag of a fresh GET. */
  const save = async (app: string, version: string, spec: unknown) => {
    const etag = (await call('GET', `/${app}/versions/${version}`)).headers.etag as string;
    return call('PUT', `/${app}/versions/${version}/spec`, spec, { 'if-match': etag });
  };

  it('starts an initial version as an empty draft, and allows only one initial version', async () => {
    await newApp('one');
    const res = await newVersion('one', { version: '1.0.0', kind: 'initial' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      version: '1.0.0',
      kind: 'initial',
      state: 'draft',
      from: null,
      spec: { nodes: [] },
    });
    expect(res.headers.etag).toBeDefined();
    const second = await newVersion('one', { version: '2.0.0', kind: 'initial' });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('app_has_versions');
    const dup = await newVersion('one', { version: '1.0.0', kind: 'upgrade', from: '1.0.0' });
    expect(dup.statusCode).toBe(422);
  });

  it('stores the api.md example spec and hands it back with a new ETag', async () => {
    await newApp('parking');
    const created = await newVersion('parking', { version: '1.4.0', kind: 'initial' });
    const saved = await save('parking', '1.4.0', appSpecExample);
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).not.toBe(created.headers.etag);
    const got = await call('GET', '/parking/versions/1.4.0');
    expect(got.json().spec.nodes.map((n: { name: string }) => n.name)).toEqual([
      'db',
      'migrate',
      'web',
    ]);
    expect(got.headers.etag).toBe(saved.headers.etag);
  });

  it('refuses an invalid spec with every problem at its path, and keeps the draft as it was', async () => {
    await newApp('broken');
    await newVersion('broken', { version: '1.0.0', kind: 'initial' });
    const spec = {
      nodes: [
        { name: 'a', kind: 'custom', image: 'acme/a:1', dependsOn: ['b'] },
        {
          name: 'b',
          kind: 'custom',
          image: 'acme/b:1',
          dependsOn: ['a'],
          ports: [{ name: 'x', port: 70000 }],
        },
        { name: 'Bad_Name', kind: 'custom', image: 'acme/c:1 ; rm -rf /' },
      ],
    };
    const res = await save('broken', '1.0.0', spec);
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['nodes[1].ports[0].port', 'nodes[2].name', 'nodes[2].image']),
    );
    expect((await call('GET', '/broken/versions/1.0.0')).json().spec).toEqual({
      specVersion: 1,
      nodes: [],
    });
  });

  it('needs If-Match (428) and refuses a stale one (412) so two editors cannot overwrite each other', async () => {
    await newApp('shared');
    await newVersion('shared', { version: '1.0.0', kind: 'initial' });
    const etag = (await call('GET', '/shared/versions/1.0.0')).headers.etag as string;
    const none = await call('PUT', '/shared/versions/1.0.0/spec', web('1'));
    expect(none.statusCode).toBe(428);
    expect(none.json().code).toBe('precondition_required');
    const first = await call('PUT', '/shared/versions/1.0.0/spec', web('1'), { 'if-match': etag });
    expect(first.statusCode).toBe(200);
    const second = await call('PUT', '/shared/versions/1.0.0/spec', web('2'), { 'if-match': etag });
    expect(second.statusCode).toBe(412);
    expect(second.json().detail).toContain('reload it');
    expect((await call('GET', '/shared/versions/1.0.0')).json().spec.nodes[0].image).toContain(
      ':1',
    );
  });

  it('makes a published version immutable forever: writes, deletes and republishing answer 409', async () => {
    await newApp('frozen');
    await newVersion('frozen', { version: '1.0.0', kind: 'initial' });
    await save('frozen', '1.0.0', web('1.0.0'));
    const published = await call('POST', '/frozen/versions/1.0.0/publish');
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ state: 'published' });
    expect(published.json().publishedAt).not.toBeNull();
    for (const res of [
      await save('frozen', '1.0.0', web('1.0.1')),
      await call('DELETE', '/frozen/versions/1.0.0'),
      await call('POST', '/frozen/versions/1.0.0/publish'),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('version_published');
      expect(res.json().detail).toContain('make an upgrade or a patch');
    }
  });

  it('publishes a draft exactly once under concurrent publishes (R27)', async () => {
    await newApp('race');
    await newVersion('race', { version: '1.0.0', kind: 'initial' });
    await save('race', '1.0.0', web('1.0.0'));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', '/race/versions/1.0.0/publish')),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(7);
  });

  it('refuses to publish a hosted app without nodes', async () => {
    await newApp('empty');
    await newVersion('empty', { version: '1.0.0', kind: 'initial' });
    const res = await call('POST', '/empty/versions/1.0.0/publish');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: 'nodes' });
  });

  it('copies the whole spec into an upgrade, where anything may change', async () => {
    await newApp('grow');
    await newVersion('grow', { version: '1.0.0', kind: 'initial' });
    await save('grow', '1.0.0', web('1.0.0'));
    await call('POST', '/grow/versions/1.0.0/publish');
    const up = await newVersion('grow', { version: '2.0.0', kind: 'upgrade', from: '1.0.0' });
    expect(up.json()).toMatchObject({ kind: 'upgrade', from: '1.0.0', state: 'draft' });
    expect(up.json().spec.nodes[0].image).toBe('registry.example.com/acme/web:1.0.0');
    const changed = web('2.0.0', { replicas: 3, env: { MODE: 'fast' } });
    expect((await save('grow', '2.0.0', changed)).statusCode).toBe(200);
  });

  it('lets a patch change image tags only, listing every other change it refuses', async () => {
    await newApp('fix');
    await newVersion('fix', { version: '1.0.0', kind: 'initial' });
    await save('fix', '1.0.0', web('1.0.0'));
    await call('POST', '/fix/versions/1.0.0/publish');
    await newVersion('fix', { version: '1.0.1', kind: 'patch', from: '1.0.0' });
    expect((await save('fix', '1.0.1', web('1.0.1'))).statusCode).toBe(200);
    const refused = await save('fix', '1.0.1', web('1.0.2', { replicas: 2, env: { DEBUG: '1' } }));
    expect(refused.statusCode).toBe(422);
    const errors = refused.json().errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path).sort()).toEqual(['nodes[0].env', 'nodes[0].replicas']);
    expect(errors[0]!.message).toMatch(/^not allowed in a patch: node web/);
    const otherRepo = await save('fix', '1.0.1', {
      nodes: [{ ...web('1.0.1').nodes[0], image: 'registry.example.com/evil/web:1.0.1' }],
    });
    expect(otherRepo.statusCode).toBe(422);
  });

  it('retires the previous version when an account-distributed app publishes a new one', async () => {
    await newApp('saas', 'account', 'cloud-external');
    await newVersion('saas', { version: '1.0.0', kind: 'initial' });
    await call('POST', '/saas/versions/1.0.0/publish');
    await newVersion('saas', { version: '1.1.0', kind: 'upgrade', from: '1.0.0' });
    await call('POST', '/saas/versions/1.1.0/publish');
    const list = (await call('GET', '/saas/versions')).json().items;
    expect(list.map((v: { version: string; state: string }) => [v.version, v.state])).toEqual([
      ['1.1.0', 'published'],
      ['1.0.0', 'retired'],
    ]);
  });

  it('lists versions newest first in semver order, and pages them', async () => {
    await newApp('many');
    await newVersion('many', { version: '1.2.0', kind: 'initial' });
    for (const v of ['1.9.0', '1.10.0', '2.0.0-rc.1', '2.0.0']) {
      await newVersion('many', { version: v, kind: 'upgrade', from: '1.2.0' });
    }
    const all = (await call('GET', '/many/versions'))
      .json()
      .items.map((v: { version: string }) => v.version);
    expect(all).toEqual(['2.0.0', '2.0.0-rc.1', '1.10.0', '1.9.0', '1.2.0']);
    const first = (await call('GET', '/many/versions?limit=2')).json();
    const second = (await call('GET', `/many/versions?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((v: { version: string }) => v.version)).toEqual(
      all.slice(0, 4),
    );
  });

  it('describes the difference between two versions in sentences', async () => {
    await newApp('diffy');
    await newVersion('diffy', { version: '1.0.0', kind: 'initial' });
    await save('diffy', '1.0.0', web('1.0.0'));
    await newVersion('diffy', { version: '1.1.0', kind: 'upgrade', from: '1.0.0' });
    await save('diffy', '1.1.0', web('1.1.0', { replicas: 2 }));
    const res = await call('GET', '/diffy/versions/1.0.0/diff?to=1.1.0');
    const summaries = res.json().items.map((c: { summary: string }) => c.summary);
    expect(summaries).toContain(
      'node web: image changed from registry.example.com/acme/web:1.0.0 to registry.example.com/acme/web:1.1.0',
    );
    expect(summaries.some((s: string) => s.includes('replicas'))).toBe(true);
    expect((await call('GET', '/diffy/versions/1.0.0/diff?to=9.9.9')).statusCode).toBe(404);
  });

  it('deletes a draft', async () => {
    await newApp('drafty');
    await newVersion('drafty', { version: '1.0.0', kind: 'initial' });
    expect((await call('DELETE', '/drafty/versions/1.0.0')).statusCode).toBe(204);
    expect((await call('GET', '/drafty/versions/1.0.0')).statusCode).toBe(404);
  });
});
