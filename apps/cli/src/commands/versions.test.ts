import type { VersionResponse } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fakeServerFlags, jsonAnswer, runCliInProcess } from '../testing/run-cli-in-process.js';

const draft: VersionResponse = {
  app: 'shop',
  version: '1.1.0',
  kind: 'upgrade',
  from: '1.0.0',
  state: 'draft',
  spec: { specVersion: 1, nodes: [{ name: 'web', kind: 'custom', image: 'acme/web:1.1.0' }] },
  createdAt: '2025-01-01T00:00:00.000Z',
  publishedAt: null,
};

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

describe('berth versions', () => {
  it('creates a version of the kind named, from the version named', async () => {
    const run = await berth(
      ['versions', 'create', 'shop', '1.1.0', '--kind', 'upgrade', '--from', '1.0.0'],
      { answer: () => jsonAnswer(201, draft) },
    );

    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/apps/shop/versions',
      body: { version: '1.1.0', kind: 'upgrade', from: '1.0.0' },
    });
    expect(run.stderr).toBe('Created draft 1.1.0 of app "shop" (upgrade of 1.0.0).\n');
  });

  it('prints the whole version with its spec and ETag in YAML', async () => {
    const run = await berth(['versions', 'get', 'shop', '1.1.0', '-o', 'yaml'], {
      answer: () => jsonAnswer(200, draft, { etag: '"abc"' }),
    });

    expect(run.code).toBe(0);
    expect(parse(run.stdout)).toEqual({ ...draft, etag: '"abc"' });
  });

  it('shows a version and its nodes as a table', async () => {
    const run = await berth(['versions', 'get', 'shop', '1.1.0'], {
      answer: () => jsonAnswer(200, draft, { etag: '"abc"' }),
    });

    expect(run.stdout).toMatch(/^State:\s+draft$/m);
    expect(run.stdout).toMatch(/^web\s+custom\s+acme\/web:1\.1\.0/m);
  });

  it('lists versions newest first, as the server orders them', async () => {
    const { spec: _spec, ...summary } = draft;
    const run = await berth(['versions', 'list', 'shop'], {
      answer: () => jsonAnswer(200, { items: [summary], nextCursor: null }),
    });

    expect(run.requests[0]?.path).toBe('/api/v1/apps/shop/versions?limit=500');
    expect(run.stdout).toMatch(
      /^VERSION\s+KIND\s+FROM\s+STATE\s+CREATED\s+PUBLISHED\n1\.1\.0\s+upgrade\s+1\.0\.0\s+draft\s/,
    );
  });

  it('prints a diff as one line per change, and the raw list as JSON', async () => {
    const items = [
      {
        path: 'nodes[0].image',
        kind: 'changed',
        from: 'acme/web:1.0.0',
        to: 'acme/web:1.1.0',
        summary: 'node web: image changed from acme/web:1.0.0 to acme/web:1.1.0',
      },
    ];
    const answer = () => jsonAnswer(200, { items });
    const table = await berth(['versions', 'diff', 'shop', '1.0.0', '1.1.0'], { answer });
    const json = await berth(['versions', 'diff', 'shop', '1.0.0', '1.1.0', '-o', 'json'], {
      answer,
    });

    expect(table.requests[0]?.path).toBe('/api/v1/apps/shop/versions/1.0.0/diff?to=1.1.0');
    expect(table.stdout).toBe('~ node web: image changed from acme/web:1.0.0 to acme/web:1.1.0\n');
    expect(JSON.parse(json.stdout)).toEqual({ items });
  });

  it('says so when two versions do not differ', async () => {
    const run = await berth(['versions', 'diff', 'shop', '1.0.0', '1.0.1'], {
      answer: () => jsonAnswer(200, { items: [] }),
    });

    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('No changes from 1.0.0 to 1.0.1.\n');
  });

  it('publishes and deletes', async () => {
    const published = { ...draft, state: 'published', publishedAt: draft.createdAt };
    const publish = await berth(['versions', 'publish', 'shop', '1.1.0'], {
      answer: () => jsonAnswer(200, published),
    });
    const remove = await berth(['versions', 'delete', 'shop', '1.2.0']);

    expect(publish.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/apps/shop/versions/1.1.0/publish',
    });
    expect(publish.stderr).toContain('Published 1.1.0 of app "shop"');
    expect(remove.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/apps/shop/versions/1.2.0',
    });
  });
});
