import { describe, expect, it } from 'vitest';
import { customNode, docOf, errorsOf, messagesAt } from './testing/spec-fixtures.js';

const init = (extra: Record<string, unknown> = {}) =>
  customNode('migrate', { kind: 'init', ...extra });

describe('validateAppSpec: init nodes (domain.md §2)', () => {
  it('accepts an init node with image, command and env', () => {
    expect(errorsOf(docOf(init({ command: ['/app/migrate'], env: { A: 'b' } })))).toEqual([]);
  });

  it('refuses ports on an init node: it serves nothing', () => {
    expect(
      messagesAt(docOf(init({ ports: [{ name: 'x', port: 1 }] })), 'nodes[0].ports')[0],
    ).toContain('remove ports');
  });

  it('refuses more than one replica of an init node', () => {
    expect(messagesAt(docOf(init({ replicas: 2 })), 'nodes[0].replicas')[0]).toContain(
      'replicas must be 1',
    );
  });

  it('refuses a health check on an init node: its exit code is its health', () => {
    expect(messagesAt(docOf(init({ health: { exec: ['true'] } })), 'nodes[0].health')[0]).toContain(
      'remove health',
    );
  });
});

describe('validateAppSpec: health checks', () => {
  const withHealth = (health: unknown) =>
    docOf(customNode('web', { ports: [{ name: 'http', port: 8080 }], health }));

  it('accepts http, tcp or exec with timings', () => {
    for (const h of [
      {
        http: { path: '/healthz', port: 8080 },
        intervalSeconds: 5,
        timeoutSeconds: 2,
        failureThreshold: 3,
        startPeriodSeconds: 30,
      },
      { tcp: { port: 'http' } },
      { exec: ['/bin/check', '--quick'] },
    ])
      expect(errorsOf(withHealth(h))).toEqual([]);
  });

  it('requires exactly one of http, tcp or exec', () => {
    expect(messagesAt(withHealth({ intervalSeconds: 5 }), 'nodes[0].health')).toEqual([
      'must have exactly one of http, tcp or exec (found none)',
    ]);
    expect(messagesAt(withHealth({ tcp: { port: 1 }, exec: ['x'] }), 'nodes[0].health')).toEqual([
      'must have exactly one of http, tcp or exec (found tcp and exec)',
    ]);
  });

  it('refuses a port name the node does not declare', () => {
    expect(
      messagesAt(withHealth({ tcp: { port: 'admin' } }), 'nodes[0].health.tcp.port')[0],
    ).toContain('(ports: http)');
  });
});

describe('validateAppSpec: resources', () => {
  const withResources = (resources: unknown) => docOf(customNode('web', { resources }));

  it('accepts millicores, cores and Mi/Gi', () => {
    for (const r of [
      { cpu: '500m', memory: '256Mi' },
      { cpu: '1', memory: '1Gi' },
      { cpu: 0.5 },
      { cpu: '0.25', memory: '1.5Gi' },
    ])
      expect(errorsOf(withResources(r)), JSON.stringify(r)).toEqual([]);
  });

  it('refuses CPU that does not parse, with the notation to use', () => {
    for (const cpu of ['1.2345', 'half', '500mi', '-1', '1e3'])
      expect(messagesAt(withResources({ cpu }), 'nodes[0].resources.cpu')[0], cpu).toContain(
        'millicores like "500m"',
      );
  });

  it('refuses zero CPU and zero memory', () => {
    expect(messagesAt(withResources({ cpu: '0m' }), 'nodes[0].resources.cpu')[0]).toContain(
      'more than 0',
    );
    expect(messagesAt(withResources({ memory: '0Mi' }), 'nodes[0].resources.memory')[0]).toContain(
      'more than 0',
    );
  });

  it('refuses memory in other units, naming Mi and Gi', () => {
    for (const memory of ['256M', '1G', '512Ki', '256mi', '256'])
      expect(
        messagesAt(withResources({ memory }), 'nodes[0].resources.memory')[0],
        memory,
      ).toContain('use Mi or Gi');
  });
});

describe('validateAppSpec: volumes', () => {
  it('refuses a volume name or a mount path used twice in a node', () => {
    const doc = docOf(
      customNode('web', {
        volumes: [
          { name: 'data', mountPath: '/data' },
          { name: 'data', mountPath: '/data' },
        ],
      }),
    );
    expect(messagesAt(doc, 'nodes[0].volumes[1].name')[0]).toContain(
      'already the name of volumes[0]',
    );
    expect(messagesAt(doc, 'nodes[0].volumes[1].mountPath')[0]).toContain(
      'already the mount path of volumes[0]',
    );
  });

  it('refuses a relative or unnormalized mount path', () => {
    for (const [mountPath, words] of [
      ['data', 'absolute'],
      ['/data/../etc', '".."'],
      ['/data//x', '"//"'],
      ['/data/', 'end with'],
    ])
      expect(
        messagesAt(
          docOf(customNode('web', { volumes: [{ name: 'v', mountPath }] })),
          'nodes[0].volumes[0].mountPath',
        )[0],
      ).toContain(words);
  });
});
