import type { Cluster } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { BerthApiError } from './berth-api-error.js';
import { fakeServer, jsonAnswer, problemAnswer, requestLines } from './testing/fake-server.js';

const north: Cluster = {
  name: 'north',
  displayName: null,
  type: 'edge',
  runtime: 'engine',
  storage: { nfs: { server: '10.0.0.5', path: '/exports/berth' } },
  serviceCidr: '10.96.0.0/16',
  shared: false,
  agentSettings: { heartbeatSeconds: 10, logLevel: 'info' },
  nodes: { total: 0, online: 0 },
  createdAt: '2025-01-01T00:00:00.000Z',
  warnings: [],
};

describe('client.clusters', () => {
  it('creates a cluster in the account of the Berth-Account header', async () => {
    const { client, seen } = fakeServer(() => jsonAnswer(201, north));
    const request = {
      name: 'north',
      type: 'edge',
      storage: { nfs: { server: '10.0.0.5', path: '/exports/berth' } },
      serviceCidr: '10.96.0.0/16',
    } as const;

    await expect(client.clusters.create(request)).resolves.toEqual(north);
    expect(seen[0]).toMatchObject({
      url: 'http://berth.test/api/v1/clusters',
      method: 'POST',
      headers: { 'berth-account': 'acme', 'content-type': 'application/json' },
      body: request,
    });
  });

  it('lists, gets, sets agent settings and deletes, encoding names in the path', async () => {
    const { client, seen } = fakeServer((s) =>
      s.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : jsonAnswer(200, s.url.includes('?') ? { items: [north], nextCursor: null } : north),
    );

    await client.clusters.list({ limit: 5 });
    await client.clusters.get('north');
    await client.clusters.setAgentSettings('north', { heartbeatSeconds: 5, logLevel: 'debug' });
    await expect(client.clusters.delete('a/b')).resolves.toBeUndefined();

    expect(requestLines(seen)).toEqual([
      'GET http://berth.test/api/v1/clusters?limit=5',
      'GET http://berth.test/api/v1/clusters/north',
      'PUT http://berth.test/api/v1/clusters/north/agent-settings',
      'DELETE http://berth.test/api/v1/clusters/a%2Fb',
    ]);
    expect(seen[2]?.body).toEqual({ heartbeatSeconds: 5, logLevel: 'debug' });
  });

  it('throws the problem of a refused cluster, with its code', async () => {
    const { client } = fakeServer(() => problemAnswer(409, 'cluster_exists'));
    const error = await client.clusters.create({ name: 'north', type: 'edge' }).catch((e) => e);

    expect(error).toBeInstanceOf(BerthApiError);
    expect(error).toMatchObject({ status: 409, code: 'cluster_exists' });
  });
});
