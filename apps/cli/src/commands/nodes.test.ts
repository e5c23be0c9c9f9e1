import { describe, expect, it } from 'vitest';
import { aCreatedNode, aNode } from '../testing/fixtures.js';
import {
  FakeClock,
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

describe('berth nodes', () => {
  it('prints only the join command on stdout, so $(berth nodes create …) is the command', async () => {
    const node = aCreatedNode({ warnings: ['The IP segment overlaps the service range'] });
    const run = await berth(
      ['nodes', 'create', 'north', 'gate-01', '--ip-segment', '10.96.0.0/24'],
      {
        answer: () => jsonAnswer(201, node),
      },
    );

    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/clusters/north/nodes',
      body: { name: 'gate-01', ipSegment: '10.96.0.0/24' },
    });
    expect(run.stdout).toBe(`${node.join.command}\n`);
    expect(run.stdout).toContain('--token bjoin_secret');
    expect(run.stderr).toMatch(
      /^Created node "gate-01" in cluster "north"\.\nwarning: The IP segment overlaps the service range\nRun this command on the host to join it \(the token works once, until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\):\n$/,
    );
  });

  it('prints the whole answer with -o json', async () => {
    const node = aCreatedNode();
    const run = await berth(['nodes', 'create', 'north', 'gate-01', '-o', 'json'], {
      answer: () => jsonAnswer(201, node),
    });

    expect(JSON.parse(run.stdout)).toEqual(node);
  });

  it('shows a node: status, last seen as "12 s ago", and its facts summarised', async () => {
    const run = await berth(['nodes', 'get', 'north', 'gate-01'], {
      answer: () => jsonAnswer(200, aNode()),
      clock: new FakeClock(Date.parse('2025-01-01T12:00:00.000Z')),
    });

    expect(run.code).toBe(0);
    expect(run.requests[0]?.path).toBe('/api/v1/clusters/north/nodes/gate-01');
    expect(run.stdout).toMatch(/^Status:\s+online$/m);
    expect(run.stdout).toMatch(/^Last seen:\s+12 s ago$/m);
    expect(run.stdout).toMatch(/^Arch:\s+aarch64$/m);
    expect(run.stdout).toMatch(/^OS:\s+Debian GNU\/Linux 12 \(kernel 6\.1\.0-18-arm64\)$/m);
    expect(run.stdout).toMatch(/^CPUs:\s+4$/m);
    expect(run.stdout).toMatch(/^Memory:\s+3\.8 GiB$/m);
    expect(run.stdout).toMatch(/^Engine:\s+podman 4\.9\.3$/m);
  });

  it('shows a node that has not joined as never seen, without facts', async () => {
    const run = await berth(['nodes', 'get', 'north', 'gate-01'], {
      answer: () => jsonAnswer(200, aCreatedNode()),
    });

    expect(run.stdout).toMatch(/^Status:\s+pending$/m);
    expect(run.stdout).toMatch(/^Last seen:\s+never$/m);
    expect(run.stdout).toMatch(/^Facts:\s+none yet: the node has not joined$/m);
  });

  it('lists nodes with their status and facts', async () => {
    const run = await berth(['nodes', 'list', 'north'], {
      answer: () => jsonAnswer(200, { items: [aNode()], nextCursor: null }),
    });

    expect(run.stdout).toMatch(
      /^NAME\s+STATUS\s+LAST SEEN\s+IP SEGMENT\s+ARCH\s+CPUS\s+MEMORY\s+ENGINE\ngate-01\s+online\s+12 s ago\s+<none>\s+aarch64\s+4\s+3\.8 GiB\s+podman 4\.9\.3\n$/,
    );
  });

  it('revokes, reissues a join token and deletes with --yes', async () => {
    const revoke = await berth(['nodes', 'revoke', 'north', 'gate-01'], {
      answer: () => jsonAnswer(200, aNode({ status: 'revoked' })),
    });
    const token = await berth(['nodes', 'join-token', 'north', 'gate-01'], {
      answer: () => jsonAnswer(201, aCreatedNode()),
    });
    const remove = await berth(['nodes', 'delete', 'north', 'gate-01', '--yes']);

    expect(revoke.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/clusters/north/nodes/gate-01/revoke',
    });
    expect(revoke.stderr).toContain('Revoked node "gate-01"');
    expect(token.requests[0]?.path).toBe('/api/v1/clusters/north/nodes/gate-01/join-token');
    expect(token.stdout).toBe(`${aCreatedNode().join.command}\n`);
    expect(remove.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/clusters/north/nodes/gate-01',
    });
  });

  it('exits 6 when a joined node asks for a join token', async () => {
    const run = await berth(['nodes', 'join-token', 'north', 'gate-01'], {
      answer: () => problemAnswer(409, 'node_joined'),
    });

    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
  });
});
