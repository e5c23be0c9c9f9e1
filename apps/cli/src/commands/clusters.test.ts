import { describe, expect, it } from 'vitest';
import { aCluster } from '../testing/fixtures.js';
import {
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

describe('berth clusters', () => {
  it('creates a cluster from the flags and prints its warnings on stderr', async () => {
    const cluster = aCluster({
      storage: { nfs: { server: '10.0.0.5', path: '/exports/berth' } },
      serviceCidr: '10.96.0.0/16',
      nodes: { total: 0, online: 0 },
      warnings: ['The service range overlaps cluster "south"'],
    });
    const run = await berth(
      [
        'clusters',
        'create',
        'north',
        '--type',
        'edge',
        '--runtime',
        'engine',
        '--nfs',
        '10.0.0.5:/exports/berth',
        '--service-cidr',
        '10.96.0.0/16',
        '--display-name',
        'North site',
      ],
      { answer: () => jsonAnswer(201, cluster) },
    );

    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/clusters',
      body: {
        name: 'north',
        displayName: 'North site',
        type: 'edge',
        runtime: 'engine',
        storage: { nfs: { server: '10.0.0.5', path: '/exports/berth' } },
        serviceCidr: '10.96.0.0/16',
      },
    });
    expect(run.stderr).toBe(
      'Created cluster "north".\nwarning: The service range overlaps cluster "south"\n',
    );
    expect(run.stdout).toMatch(
      /^NAME\s+TYPE\s+RUNTIME\s+NODES\s+SHARED\s+STORAGE\s+SERVICE CIDR\s+CREATED\nnorth\s+edge\s+engine\s+0\/0 online\s+no\s+nfs 10\.0\.0\.5:\/exports\/berth\s+10\.96\.0\.0\/16\s+\d{4}-/,
    );
  });

  it.each(['10.0.0.5', '10.0.0.5:exports', ':/exports'])(
    'refuses --nfs %j before any request (exit 2)',
    async (nfs) => {
      const run = await berth(['clusters', 'create', 'north', '--type', 'edge', '--nfs', nfs]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('must be SERVER:/PATH');
      expect(run.requests).toEqual([]);
    },
  );

  it('refuses an unknown type (exit 2) and answers 409 for a taken name with exit 6', async () => {
    const type = await berth(['clusters', 'create', 'north', '--type', 'moon']);
    const taken = await berth(['clusters', 'create', 'north', '--type', 'edge'], {
      answer: () => problemAnswer(409, 'cluster_exists'),
    });

    expect(type.code).toBe(2);
    expect(taken.code).toBe(6);
  });

  it('shows a cluster with its agent settings', async () => {
    const run = await berth(['clusters', 'get', 'north'], {
      answer: () => jsonAnswer(200, aCluster()),
    });

    expect(run.stdout).toMatch(/^Name:\s+north$/m);
    expect(run.stdout).toMatch(/^Nodes:\s+1 of 1 online$/m);
    expect(run.stdout).toMatch(/^Heartbeat:\s+every 10 s$/m);
    expect(run.stdout).toMatch(/^Agent log level:\s+info$/m);
  });

  it('sets agent settings, and asks for at least one before any request', async () => {
    const run = await berth(
      ['clusters', 'agent-settings', 'north', '--heartbeat-seconds', '5', '--log-level', 'debug'],
      { answer: () => jsonAnswer(200, aCluster()) },
    );
    const nothing = await berth(['clusters', 'agent-settings', 'north']);

    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/api/v1/clusters/north/agent-settings',
      body: { heartbeatSeconds: 5, logLevel: 'debug' },
    });
    expect(nothing.code).toBe(2);
    expect(nothing.requests).toEqual([]);
  });

  it('deletes only with --yes when nobody can be asked', async () => {
    const refused = await berth(['clusters', 'delete', 'north']);
    const deleted = await berth(['clusters', 'delete', 'north', '--yes', '-o', 'json']);

    expect(refused.code).toBe(2);
    expect(refused.requests).toEqual([]);
    expect(deleted.code).toBe(0);
    expect(deleted.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /api/v1/clusters/north',
    ]);
    expect(JSON.parse(deleted.stdout)).toEqual({ name: 'north', deleted: true });
  });
});
