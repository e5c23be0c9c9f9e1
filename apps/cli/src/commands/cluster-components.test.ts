import type { ClusterComponent } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import {
  FakeClock,
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
} from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

function aComponent(overrides: Partial<ClusterComponent> = {}): ClusterComponent {
  return {
    name: 'mqtt-broker',
    displayName: 'MQTT broker',
    description: 'Eclipse Mosquitto on port 1883 of every host.',
    images: ['docker.io/library/eclipse-mosquitto:2.0.18'],
    status: 'not-initialised',
    nodes: [],
    ...overrides,
  };
}
const on = (node: string, phase: ClusterComponent['nodes'][number]['phase'], message?: string) => ({
  node,
  phase,
  initialisedAt: '2025-01-01T12:00:00.000Z',
  ...(message ? { message } : {}),
});

describe('berth clusters components', () => {
  it('lists the components of a cluster (the default subcommand), as a table or JSON', async () => {
    const page = {
      items: [
        aComponent({ status: 'ready', nodes: [on('box-01', 'running'), on('box-02', 'running')] }),
        aComponent({ name: 'monitoring', displayName: 'Host metrics' }),
      ],
      nextCursor: null,
    };
    const table = await berth(['clusters', 'components', 'plant'], {
      answer: () => jsonAnswer(200, page),
    });
    const json = await berth(['clusters', 'components', 'list', 'plant', '-o', 'json'], {
      answer: () => jsonAnswer(200, page),
    });

    expect(table.code).toBe(0);
    expect(table.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/clusters/plant/components',
    });
    expect(table.stdout).toMatch(/^NAME\s+STATUS\s+NODES\s+DESCRIPTION\n/);
    expect(table.stdout).toMatch(/^mqtt-broker\s+ready\s+2\/2 running\s+MQTT broker$/m);
    expect(table.stdout).toMatch(/^monitoring\s+not-initialised\s+<none>\s+Host metrics$/m);
    expect(JSON.parse(json.stdout)).toEqual(page);
  });

  it('says why a cluster that is not an appliance has none (exit 6)', async () => {
    const run = await berth(['clusters', 'components', 'north'], {
      answer: () => problemAnswer(409, 'not_an_appliance'),
    });
    expect(run.code).toBe(6);
  });

  it('initialises on every host without a body, and on the hosts given with --node', async () => {
    const answer = () => jsonAnswer(202, aComponent({ status: 'initialising' }));
    const all = await berth(['clusters', 'components', 'init', 'plant', 'mqtt-broker'], { answer });
    const some = await berth(
      [
        'clusters',
        'components',
        'init',
        'plant',
        'mqtt-broker',
        '--node',
        'box-01',
        '--node',
        'box-02',
      ],
      { answer },
    );

    expect(all.code).toBe(0);
    expect(all.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/clusters/plant/components/mqtt-broker/initialise',
      body: {},
    });
    expect(all.stderr).toContain('Initialising mqtt-broker on plant: initialising.');
    expect(some.requests[0]?.body).toEqual({ nodes: ['box-01', 'box-02'] });
  });

  it('waits with --wait until it runs on every host, printing each host change', async () => {
    const answers = [
      aComponent({ status: 'initialising', nodes: [on('box-01', 'pending')] }),
      aComponent({ status: 'initialising', nodes: [on('box-01', 'deploying')] }),
      aComponent({ status: 'ready', nodes: [on('box-01', 'running')] }),
    ];
    const clock = new FakeClock();
    const run = await berth(
      ['clusters', 'components', 'init', 'plant', 'mqtt-broker', '--wait', '-o', 'json'],
      { clock, answer: (r) => jsonAnswer(r.method === 'POST' ? 202 : 200, answers.shift()) },
    );

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('box-01: pending');
    expect(run.stderr).toContain('box-01: deploying');
    expect(run.stderr).toContain('box-01: running');
    expect(JSON.parse(run.stdout).status).toBe('ready');
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('ends --wait with exit 10 naming the failed host, and 11 after --timeout', async () => {
    const failed = await berth(
      ['clusters', 'components', 'init', 'plant', 'mqtt-broker', '--wait'],
      {
        answer: () =>
          jsonAnswer(
            202,
            aComponent({
              status: 'failed',
              nodes: [on('box-01', 'failed', 'mosquitto (failed: pull)')],
            }),
          ),
      },
    );
    const slow = await berth(
      ['clusters', 'components', 'init', 'plant', 'mqtt-broker', '--wait', '--timeout', '5s'],
      {
        answer: () =>
          jsonAnswer(200, aComponent({ status: 'initialising', nodes: [on('box-01', 'pending')] })),
      },
    );

    expect(failed.code).toBe(10);
    expect(failed.stderr).toContain('box-01 mosquitto (failed: pull)');
    expect(slow.code).toBe(11);
  });
});
