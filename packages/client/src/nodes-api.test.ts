import type { CreatedNode } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { fakeServer, jsonAnswer, problemAnswer, requestLines } from './testing/fake-server.js';

const created: CreatedNode = {
  name: 'gate-01',
  cluster: 'north',
  ipSegment: '192.168.10.0/24',
  status: 'pending',
  lastSeenAt: null,
  joinedAt: null,
  facts: null,
  desiredGeneration: 0,
  appliedGeneration: 0,
  createdAt: '2025-01-01T00:00:00.000Z',
  join: {
    command: 'npx berth-agent join --token bjoin_x',
    token: 'bjoin_x',
    expiresAt: '2025-01-02T00:00:00.000Z',
  },
  warnings: [],
};

describe('client.nodes', () => {
  it('creates a node and answers its join instructions', async () => {
    const { client, seen } = fakeServer(() => jsonAnswer(201, created));

    const node = await client.nodes.create('north', {
      name: 'gate-01',
      ipSegment: '192.168.10.0/24',
    });

    expect(node.join.token).toBe('bjoin_x');
    expect(seen[0]).toMatchObject({
      url: 'http://berth.test/api/v1/clusters/north/nodes',
      method: 'POST',
      body: { name: 'gate-01', ipSegment: '192.168.10.0/24' },
    });
  });

  it('lists, gets, revokes, reissues a join token and deletes', async () => {
    const { client, seen } = fakeServer((s) =>
      s.method === 'DELETE' ? new Response(null, { status: 204 }) : jsonAnswer(200, created),
    );

    await client.nodes.list('north', { cursor: 'c1' });
    await client.nodes.get('north', 'gate-01');
    await client.nodes.revoke('north', 'gate-01');
    await client.nodes.reissueJoinToken('north', 'gate-01');
    await client.nodes.delete('north', 'gate-01');

    expect(requestLines(seen)).toEqual([
      'GET http://berth.test/api/v1/clusters/north/nodes?cursor=c1',
      'GET http://berth.test/api/v1/clusters/north/nodes/gate-01',
      'POST http://berth.test/api/v1/clusters/north/nodes/gate-01/revoke',
      'POST http://berth.test/api/v1/clusters/north/nodes/gate-01/join-token',
      'DELETE http://berth.test/api/v1/clusters/north/nodes/gate-01',
    ]);
    expect(seen[2]?.body).toBeUndefined();
  });

  it('throws 409 node_joined when a joined node asks for a join token', async () => {
    const { client } = fakeServer(() => problemAnswer(409, 'node_joined'));

    await expect(client.nodes.reissueJoinToken('north', 'gate-01')).rejects.toMatchObject({
      status: 409,
      code: 'node_joined',
    });
  });
});
