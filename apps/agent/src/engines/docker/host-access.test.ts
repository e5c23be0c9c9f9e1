import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstanceWorkloadSpec, WorkloadNode } from '@berth/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { TerminalError } from '../../reconcile/engine-driver.js';
import { buildContainerSpec } from './container-spec.js';
import { assertNoSymlink, hostPathProblem } from './host-access.js';
import { readInstanceSpec } from './workload-spec.js';

/** What a node may take from its host, as the container driver maps and checks it (R15). */

const node = (more: Partial<WorkloadNode> = {}): WorkloadNode => ({
  name: 'reader',
  kind: 'custom',
  image: 'localhost/reader:1',
  env: {},
  ports: [],
  hostNetwork: false,
  resources: {},
  replicas: 1,
  volumes: [],
  hash: 'h'.repeat(16),
  ...more,
});
const spec = (n: WorkloadNode): InstanceWorkloadSpec => ({
  instance: 'shop',
  instanceId: 'id-1',
  app: 'shop',
  version: '1.0.0',
  levels: [[n.name]],
  nodes: [n],
  stopped: false,
  keepVolumes: false,
  deadlineSeconds: 60,
});
const hostConfig = (n: WorkloadNode) =>
  buildContainerSpec({
    workloadId: 'id-1',
    spec: spec(n),
    node: n,
    replica: 0,
    revision: 'r',
    image: n.image,
    network: 'net',
    storageRoot: '/var/lib/berth/volumes',
    owner: { agent: 'a' },
  }).body.HostConfig;
const security = {
  privileged: true,
  hostPID: true,
  capabilities: ['NET_ADMIN'],
  devices: [{ hostPath: '/dev/ttyUSB0', containerPath: '/dev/ttyS0', permissions: 'rw' }],
};

describe(buildContainerSpec, () => {
  it('gives a node without settings nothing of the host but its storage root', () => {
    const config = hostConfig(node({ volumes: [{ name: 'data', mountPath: '/data' }] }));
    expect(config).toMatchObject({ Privileged: false, CapAdd: [], Devices: [] });
    expect(config).not.toHaveProperty('PidMode');
    expect(config.Mounts).toEqual([
      {
        Type: 'bind',
        Source: '/var/lib/berth/volumes/shop/reader/data',
        Target: '/data',
        ReadOnly: false,
      },
    ]);
  });

  it('maps exactly what the node asks for', () => {
    const config = hostConfig(
      node({
        security,
        volumes: [{ name: 'scans', mountPath: '/scans', hostPath: '/srv/scans', readOnly: true }],
      }),
    );
    expect(config).toMatchObject({
      Privileged: true,
      PidMode: 'host',
      CapAdd: ['NET_ADMIN'],
      Devices: [
        { PathOnHost: '/dev/ttyUSB0', PathInContainer: '/dev/ttyS0', CgroupPermissions: 'rw' },
      ],
      Mounts: [{ Type: 'bind', Source: '/srv/scans', Target: '/scans', ReadOnly: true }],
    });
  });
});

describe('readInstanceSpec: host access the control plane should never have sent', () => {
  it.each([
    ['a relative bind', { volumes: [{ name: 'h', mountPath: '/h', hostPath: 'srv/h' }] }],
    ['a bind with ..', { volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv/../etc' }] }],
    ['a bind with //', { volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv//h' }] }],
    [
      'a relative device',
      {
        security: {
          ...security,
          devices: [{ hostPath: 'dev/x', containerPath: '/dev/x', permissions: 'rwm' }],
        },
      },
    ],
    [
      'a device with ..',
      {
        security: {
          ...security,
          devices: [
            { hostPath: '/dev/../etc/shadow', containerPath: '/dev/x', permissions: 'rwm' },
          ],
        },
      },
    ],
    [
      'a device target with ..',
      {
        security: {
          ...security,
          devices: [{ hostPath: '/dev/null', containerPath: '/dev/../bin/sh', permissions: 'rwm' }],
        },
      },
    ],
    [
      'bad device permissions',
      {
        security: {
          ...security,
          devices: [{ hostPath: '/dev/null', containerPath: '/dev/null', permissions: 'rwx' }],
        },
      },
    ],
    ['a non-canonical capability', { security: { ...security, capabilities: ['cap_sys_admin'] } }],
  ])('refuses %s, terminally, naming the node', (_what, more) => {
    const bad = spec(node(more as Partial<WorkloadNode>));
    expect(() => readInstanceSpec(bad)).toThrow(TerminalError);
    expect(() => readInstanceSpec(bad)).toThrow(/node "reader": /);
  });

  it('accepts canonical settings', () => {
    const good = node({
      security,
      volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv/h', readOnly: false }],
    });
    expect(readInstanceSpec(spec(good)).nodes[0]).toEqual(good);
  });

  it.each([
    ['/', undefined],
    ['/srv/h', undefined],
    ['srv', 'is relative'],
    ['/srv/./h', 'contains ".." or "."'],
    ['/srv/h/', 'is not in canonical form'],
    ['/a:b', 'contains NUL or ":"'],
  ])('hostPathProblem(%j) is %j', (path, problem) => {
    expect(hostPathProblem(path)).toBe(problem);
  });
});

describe(assertNoSymlink, () => {
  // realpath: a temp folder reached through a link (macOS /tmp) would itself be refused.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'berth-host-access-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a real folder and a path that does not exist (the engine refuses that)', async () => {
    mkdirSync(join(dir, 'real'));
    await expect(assertNoSymlink(join(dir, 'real'))).resolves.toBeUndefined();
    await expect(assertNoSymlink(join(dir, 'missing'))).resolves.toBeUndefined();
  });

  it('refuses a path that leads elsewhere through a symbolic link', async () => {
    symlinkSync('/etc', join(dir, 'planted'));
    await expect(assertNoSymlink(join(dir, 'planted'))).rejects.toThrow(
      'leads to /etc through a symbolic link',
    );
  });
});
