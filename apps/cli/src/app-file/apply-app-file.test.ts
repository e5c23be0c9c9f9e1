import { BerthApiError, type TaggedVersion } from '@berth/client';
import type { App, Problem, VersionResponse } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import type { AppFile } from './app-file-schema.js';
import { type ApplyClient, applyAppFile, RefusedRequestError } from './apply-app-file.js';

const time = '2025-01-01T00:00:00.000Z';

const file: AppFile = {
  apiVersion: 'berth/v1',
  kind: 'App',
  metadata: { name: 'shop', distribution: 'instance', deployment: 'edge-hosted' },
  version: '1.1.0',
  spec: { nodes: [{ name: 'web', kind: 'custom', image: 'acme/web:1.1.0' }] },
};

const shop: App = {
  name: 'shop',
  displayName: null,
  distribution: 'instance',
  deployment: 'edge-hosted',
  os: 'linux',
  createdAt: time,
  latestVersion: null,
};

function version(name: string, state: VersionResponse['state'] = 'draft'): VersionResponse {
  return {
    app: 'shop',
    version: name,
    kind: 'initial',
    from: null,
    state,
    spec: { specVersion: 1, nodes: [] },
    createdAt: time,
    publishedAt: state === 'draft' ? null : time,
  };
}

function apiError(status: number, code: string, errors?: Problem['errors']): BerthApiError {
  const problem = { type: 'about:blank', title: code, status, detail: code, code, errors };
  return new BerthApiError(problem, { method: 'X', url: 'http://berth.test' });
}

/** An in-memory server for the calls apply makes, recording them in order. */
function fakeClient(state: { app?: App; versions?: VersionResponse[]; refuse?: BerthApiError }) {
  const calls: string[] = [];
  const versions = [...(state.versions ?? [])];
  let app = state.app;
  let etag = 1;
  const tagged = (v: VersionResponse): TaggedVersion => ({ version: v, etag: `"${etag}"` });
  const unused = () => {
    throw new Error('not used by apply');
  };
  const client: ApplyClient = {
    apps: {
      get: async (name) => {
        calls.push(`GET app ${name}`);
        if (!app) throw apiError(404, 'not_found');
        return app;
      },
      create: async (body) => {
        calls.push(`POST app ${JSON.stringify(body)}`);
        app = { ...shop, name: body.name, os: body.os ?? 'linux' };
        return app;
      },
      list: unused,
      delete: unused,
    },
    versions: {
      get: async (_app, name) => {
        calls.push(`GET version ${name}`);
        const found = versions.find((v) => v.version === name);
        if (!found) throw apiError(404, 'not_found');
        return tagged(found);
      },
      list: async () => {
        calls.push('LIST versions');
        return { items: versions.slice(-1), nextCursor: null };
      },
      create: async (_app, body) => {
        calls.push(`POST version ${JSON.stringify(body)}`);
        const created = { ...version(body.version), kind: body.kind, from: body.from ?? null };
        versions.push(created);
        return created;
      },
      putSpec: async (_app, name, spec, { ifMatch }) => {
        calls.push(`PUT spec ${name} if-match ${ifMatch}`);
        if (state.refuse) throw state.refuse;
        const found = versions.find((v) => v.version === name) as VersionResponse;
        found.spec = spec as VersionResponse['spec'];
        etag++;
        return tagged(found);
      },
      publish: unused,
      diff: unused,
      delete: unused,
    },
  };
  return { client, calls };
}

const options = { fileName: 'app.yaml' };

describe(applyAppFile, () => {
  it('creates the app and an initial draft, then puts the spec with the ETag it read', async () => {
    const { client, calls } = fakeClient({});
    const result = await applyAppFile(client, file, options);

    expect(result.actions).toEqual(['created-app', 'created-draft', 'updated-draft']);
    expect(result.version.spec).toEqual(file.spec);
    expect(calls).toEqual([
      'GET app shop',
      'POST app {"name":"shop","distribution":"instance","deployment":"edge-hosted"}',
      'GET version 1.1.0',
      'LIST versions',
      'POST version {"version":"1.1.0","kind":"initial"}',
      'GET version 1.1.0',
      'PUT spec 1.1.0 if-match "1"',
    ]);
  });

  it('makes a new version an upgrade of the newest one', async () => {
    const { client, calls } = fakeClient({ app: shop, versions: [version('1.0.0', 'published')] });
    const result = await applyAppFile(client, file, options);

    expect(result.actions).toEqual(['created-draft', 'updated-draft']);
    expect(calls).toContain('POST version {"version":"1.1.0","kind":"upgrade","from":"1.0.0"}');
  });

  it('makes a patch or an upgrade of the version the flags name, without listing', async () => {
    const patch = fakeClient({ app: shop, versions: [version('1.0.0', 'published')] });
    const upgrade = fakeClient({ app: shop, versions: [version('1.0.0', 'published')] });
    await applyAppFile(patch.client, file, { ...options, patchOf: '1.0.0' });
    await applyAppFile(upgrade.client, file, { ...options, upgradeOf: '0.9.0' });

    expect(patch.calls).toContain('POST version {"version":"1.1.0","kind":"patch","from":"1.0.0"}');
    expect(patch.calls).not.toContain('LIST versions');
    expect(upgrade.calls).toContain(
      'POST version {"version":"1.1.0","kind":"upgrade","from":"0.9.0"}',
    );
  });

  it('only updates a draft that exists, noting flags it could not honour', async () => {
    const { client, calls } = fakeClient({ app: shop, versions: [version('1.1.0')] });
    const result = await applyAppFile(client, file, { ...options, patchOf: '1.0.0' });

    expect(result.actions).toEqual(['updated-draft']);
    expect(calls).toEqual(['GET app shop', 'GET version 1.1.0', 'PUT spec 1.1.0 if-match "1"']);
    expect(result.notes).toEqual([
      'Version 1.1.0 exists already (initial): --patch-of and --upgrade-of only apply when it is created.',
    ]);
  });

  it('refuses to touch a published version and asks to bump version: in the file', async () => {
    const { client, calls } = fakeClient({ app: shop, versions: [version('1.1.0', 'published')] });
    const error = await applyAppFile(client, file, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 6, code: 'version_published' });
    expect((error as Error).message).toBe(
      'Version 1.1.0 of app "shop" is published and can no longer change: bump "version:" in app.yaml (e.g. to 1.1.1) and apply again',
    );
    expect(calls.some((c) => c.startsWith('PUT'))).toBe(false);
  });

  it('gives the same advice when the version was published between read and write', async () => {
    const { client } = fakeClient({
      app: shop,
      versions: [version('1.1.0')],
      refuse: apiError(409, 'version_published'),
    });

    await expect(applyAppFile(client, file, options)).rejects.toMatchObject({
      code: 'version_published',
      exitCode: 6,
    });
  });

  it('refuses a file whose metadata contradicts the existing app', async () => {
    const { client } = fakeClient({ app: { ...shop, deployment: 'cloud-hosted', os: 'windows' } });
    const metadata = { ...file.metadata, os: 'linux' as const };
    const error = await applyAppFile(client, { ...file, metadata }, options).catch((e) => e);

    expect(error).toMatchObject({ exitCode: 6, code: 'app_mismatch' });
    expect((error as Error).message).toContain('deployment cloud-hosted, os windows');
  });

  it('tells which part of the file a refused request came from', async () => {
    const refused = apiError(422, 'validation_failed', [
      { path: 'nodes[0].image', in: 'body', message: 'must have a tag' },
    ]);
    const { client } = fakeClient({ app: shop, versions: [version('1.1.0')], refuse: refused });
    const error = await applyAppFile(client, file, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RefusedRequestError);
    expect(error).toMatchObject({ origin: 'spec', apiError: refused });
  });

  it('passes other API errors through unchanged', async () => {
    const forbidden = apiError(403, 'forbidden');
    const { client } = fakeClient({ app: shop, versions: [version('1.1.0')], refuse: forbidden });

    await expect(applyAppFile(client, file, options)).rejects.toBe(forbidden);
  });
});
