import type { App } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { BerthApiError } from './berth-api-error.js';
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
    token: 't',
    account: 'acme',
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, seen };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

const shop: App = {
  name: 'shop',
  displayName: 'Shop',
  distribution: 'instance',
  deployment: 'edge-hosted',
  os: 'linux',
  createdAt: '2025-01-01T00:00:00.000Z',
  latestVersion: null,
};

describe('client.apps', () => {
  it('creates an app in the account of the Berth-Account header', async () => {
    const { client, seen } = fakeServer(() => json(201, shop));
    const request = {
      name: 'shop',
      displayName: 'Shop',
      distribution: 'instance',
      deployment: 'edge-hosted',
    } as const;

    await expect(client.apps.create(request)).resolves.toEqual(shop);
    expect(seen[0]).toMatchObject({
      url: 'http://berth.test/api/v1/apps',
      method: 'POST',
      headers: { 'berth-account': 'acme' },
      body: request,
    });
  });

  it('lists, gets and deletes apps by name', async () => {
    const { client, seen } = fakeServer((s) =>
      s.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json(200, s.url.includes('?') ? { items: [shop], nextCursor: null } : shop),
    );

    await expect(client.apps.list({ limit: 10 })).resolves.toEqual({
      items: [shop],
      nextCursor: null,
    });
    await expect(client.apps.get('shop')).resolves.toEqual(shop);
    await expect(client.apps.delete('shop')).resolves.toBeUndefined();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET http://berth.test/api/v1/apps?limit=10',
      'GET http://berth.test/api/v1/apps/shop',
      'DELETE http://berth.test/api/v1/apps/shop',
    ]);
  });

  it('throws the problem of a refused app, with its code', async () => {
    const problem = {
      type: 'https://berth.dev/problems/app-has-published-versions',
      title: 'Conflict',
      status: 409,
      detail: 'App "shop" has published versions',
      code: 'app_has_published_versions',
    };
    const { client } = fakeServer(() => json(409, problem, 'application/problem+json'));
    const error = await client.apps.delete('shop').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BerthApiError);
    expect(error).toMatchObject({ status: 409, code: 'app_has_published_versions' });
  });
});

describe('client.catalog and client.schemas', () => {
  it('reads the middleware catalog and the JSON Schema of the spec', async () => {
    const { client, seen } = fakeServer((s) =>
      s.url.endsWith('.json') ? json(200, { title: 'Berth app spec' }) : json(200, { items: [] }),
    );

    await expect(client.catalog.middleware()).resolves.toEqual({ items: [] });
    await expect(client.schemas.appSpec()).resolves.toEqual({ title: 'Berth app spec' });
    expect(seen.map((s) => s.url)).toEqual([
      'http://berth.test/api/v1/catalog/middleware',
      'http://berth.test/api/v1/schemas/app-spec.json',
    ]);
  });
});
