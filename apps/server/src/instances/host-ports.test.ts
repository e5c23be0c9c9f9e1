import type { InstanceWorkloadSpec } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { clashes, hostPortsOf } from './host-ports.js';

type Node = InstanceWorkloadSpec['nodes'][number];
const node = (over: Partial<Node>): Node => ({
  name: 'web',
  kind: 'custom',
  image: 'localhost/web:1',
  env: {},
  ports: [],
  hostNetwork: false,
  resources: {},
  replicas: 1,
  volumes: [],
  hash: 'h'.repeat(16),
  ...over,
});
const spec = (nodes: Node[], stopped = false): InstanceWorkloadSpec => ({
  instance: 'shop',
  instanceId: 'i1',
  app: 'shop',
  version: '1.0.0',
  levels: [nodes.map((n) => n.name)],
  nodes,
  stopped,
  keepVolumes: false,
  deadlineSeconds: 300,
});

describe('host ports of an instance', () => {
  it('are its published ports and every port of a host-network node', () => {
    const ports = hostPortsOf(
      spec([
        node({
          ports: [
            { name: 'http', port: 8080, protocol: 'tcp', hostPort: 80 },
            { name: 'api', port: 9000, protocol: 'tcp' },
          ],
        }),
        node({
          name: 'seed',
          hostNetwork: true,
          ports: [{ name: 'modbus', port: 502, protocol: 'udp' }],
        }),
      ]),
    );
    expect(ports.sort()).toEqual(['502/udp', '80/tcp']);
  });

  it('are none for a stopped instance or a node scaled to zero', () => {
    const published = node({
      ports: [{ name: 'http', port: 8080, protocol: 'tcp', hostPort: 8080 }],
    });
    expect(hostPortsOf(spec([published], true))).toEqual([]);
    expect(hostPortsOf(spec([{ ...published, replicas: 0 }]))).toEqual([]);
  });

  it('clash only on the same port and protocol', () => {
    expect(clashes(['8080/tcp', '53/udp'], new Set(['8080/udp', '53/udp']))).toEqual(['53/udp']);
    expect(clashes(['8080/tcp'], undefined)).toEqual([]);
  });
});
