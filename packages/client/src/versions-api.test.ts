import type { VersionResponse } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A client whose fetch records each request and answers with `reply`. */
function fakeServer(reply: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    };
    seen.push(request);
    return reply(request);
  };
  const client = createClient({
    server: 'http://berth.test',
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const draft: VersionResponse = {
  app: 'shop',
  version: '1.0.0',
  kind: 'initial',
  from: null,
  state: 'draft',
  spec: { specVersion: 1, nodes: [] },
  createdAt: '2025-01-01T00:00:00.000Z',
  publishedAt: null,
};

describe('client.versions', () => {
  it('creates a version from another', async () => {
    const { client, seen } = fakeServer(() => json(201, draft));
    await client.versions.create('shop', { version: '1.1.0', kind: 'upgrade', from: '1.0.0' });

    expect(seen[0]).toMatchObject({
      url: 'http://berth.test/api/v1/apps/shop/versions',
      method: 'POST',
      body: { version: '1.1.0', kind: 'upgrade', from: '1.0.0' },
    });
  });

  it('returns the ETag with the version it reads', async () => {
    const { client, seen } = fakeServer(() => json(200, draft, { etag: '"v1"' }));

    await expect(client.versions.get('shop', '1.0.0')).resolves.toEqual({
      version: draft,
      etag: '"v1"',
    });
    expect(seen[0]?.url).toBe('http://berth.test/api/v1/apps/shop/versions/1.0.0');
  });

  it('answers a null ETag when the server sent none', async () => {
    const { client } = fakeServer(() => json(200, draft));
    await expect(client.versions.get('shop', '1.0.0')).resolves.toMatchObject({ etag: null });
  });

  it('puts the spec with If-Match and returns the new ETag', async () => {
    const spec = { specVersion: 1 as const, nodes: [] };
    const { client, seen } = fakeServer(() => json(200, draft, { etag: '"v2"' }));

    const put = await client.versions.putSpec('shop', '1.0.0', spec, { ifMatch: '"v1"' });

    expect(put.etag).toBe('"v2"');
    expect(seen[0]).toMatchObject({
      url: 'http://berth.test/api/v1/apps/shop/versions/1.0.0/spec',
      method: 'PUT',
      headers: { 'if-match': '"v1"', 'content-type': 'application/json' },
      body: spec,
    });
  });

  it('lists, publishes, diffs and deletes, encoding names in the path', async () => {
    const { client, seen } = fakeServer((s) =>
      s.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { items: [] }),
    );

    await client.versions.list('shop', { cursor: 'c1' });
    await client.versions.publish('shop', '1.0.0+build.7');
    await client.versions.diff('shop', '1.0.0', '1.1.0');
    await client.versions.delete('shop', '1.1.0');

    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET http://berth.test/api/v1/apps/shop/versions?cursor=c1',
      'POST http://berth.test/api/v1/apps/shop/versions/1.0.0%2Bbuild.7/publish',
      'GET http://berth.test/api/v1/apps/shop/versions/1.0.0/diff?to=1.1.0',
      'DELETE http://berth.test/api/v1/apps/shop/versions/1.1.0',
    ]);
  });
});
