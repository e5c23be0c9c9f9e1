import type { Cluster, CreatedNode, Instance, InstanceEvent, Node } from '@berth/spec';

/** Test data in the shapes the server answers; override what a test is about. */

export function aCluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    name: 'north',
    displayName: null,
    type: 'edge',
    runtime: 'engine',
    storage: null,
    serviceCidr: null,
    shared: false,
    agentSettings: { heartbeatSeconds: 10, logLevel: 'info' },
    nodes: { total: 1, online: 1 },
    createdAt: '2025-01-01T00:00:00.000Z',
    warnings: [],
    ...overrides,
  };
}

export function aNode(overrides: Partial<Node> = {}): Node {
  return {
    name: 'gate-01',
    cluster: 'north',
    ipSegment: null,
    status: 'online',
    lastSeenAt: '2025-01-01T11:59:48.000Z',
    joinedAt: '2025-01-01T10:00:00.000Z',
    facts: {
      arch: 'aarch64',
      os: 'Debian GNU/Linux 12',
      kernel: '6.1.0-18-arm64',
      hostname: 'gate-01',
      cpus: 4,
      memoryMi: 3840,
      diskMi: 60000,
      engine: { kind: 'podman', version: '4.9.3' },
      agentVersion: '0.1.0',
      addresses: ['192.168.10.21'],
    },
    desiredGeneration: 3,
    appliedGeneration: 3,
    createdAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}

export function aCreatedNode(overrides: Partial<CreatedNode> = {}): CreatedNode {
  return {
    ...aNode({ status: 'pending', lastSeenAt: null, joinedAt: null, facts: null }),
    join: {
      command:
        'npx berth-agent join --server http://berth.test --node gate-01 --token bjoin_secret --state-dir /var/lib/berth-agent && npx berth-agent run --state-dir /var/lib/berth-agent',
      token: 'bjoin_secret',
      expiresAt: '2025-01-02T12:00:00.000Z',
    },
    warnings: [],
    ...overrides,
  };
}

type Status = Instance['status'];
type NodeStatus = Status['nodes'][number];

/** A node of an instance's status. */
export function aNodeStatus(name: string, phase: string, ready = phase === 'running'): NodeStatus {
  return { name, phase, ready, restarts: 0, endpoints: [] };
}

export function anInstance(
  overrides: Partial<Omit<Instance, 'status'>> & { status?: Partial<Status> } = {},
): Instance {
  const { status, ...rest } = overrides;
  return {
    name: 'shop-north',
    app: 'shop',
    version: '1.0.0',
    previousVersion: null,
    cluster: 'north',
    node: 'gate-01',
    state: 'running',
    params: { site: 'north' },
    replicas: {},
    resources: { cpuMillis: 500, memoryMi: 256 },
    deployStartedAt: '2025-01-01T12:00:00.000Z',
    createdAt: '2025-01-01T12:00:00.000Z',
    updatedAt: '2025-01-01T12:00:00.000Z',
    ...rest,
    status: { phase: 'pending', reason: null, nodes: [], ...status },
  };
}

export function anEvent(overrides: Partial<InstanceEvent> = {}): InstanceEvent {
  return {
    time: '2025-01-01T12:00:00.000Z',
    node: null,
    reason: 'Deploying',
    message: 'Deploying shop 1.0.0',
    source: 'control-plane',
    ...overrides,
  };
}
