import { planDeployment, validateAppSpec, type WorkloadNode } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { compileWorkload } from './compile-workload.js';

/** The node hashes of a compiled workload: what decides which containers are recreated. */

const meta = {
  instance: 'shop',
  instanceId: 'id-1',
  app: 'shop',
  version: '1.0.0',
  replicas: {},
  stopped: false,
  keepVolumes: false,
  deadlineSeconds: 300,
};

function compiled(reader: Record<string, unknown>): Record<string, WorkloadNode> {
  const result = validateAppSpec({
    nodes: [
      { name: 'web', kind: 'custom', image: 'r.example.com/web:1' },
      { name: 'reader', kind: 'custom', image: 'r.example.com/reader:1', ...reader },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const values = { secrets: {}, params: {}, provisioned: {} };
  const { spec } = compileWorkload(planDeployment(result.spec), values, meta);
  return Object.fromEntries(spec.nodes.map((n) => [n.name, n]));
}

describe(compileWorkload, () => {
  const plain = compiled({});

  it('keeps the hash of a node that asks for nothing, however that is written', () => {
    for (const nothing of [
      { security: {} },
      { security: { privileged: false, hostPID: false, capabilities: [], devices: [] } },
    ]) {
      const node = compiled(nothing).reader!;
      expect(node).not.toHaveProperty('security');
      expect(node.hash).toBe(plain.reader!.hash);
    }
  });

  it.each([
    ['privileged', { security: { privileged: true } }],
    ['host PID', { security: { hostPID: true } }],
    ['a capability', { security: { capabilities: ['NET_ADMIN'] } }],
    ['another capability', { security: { capabilities: ['SYS_TIME'] } }],
    ['a device', { security: { devices: ['/dev/ttyUSB0'] } }],
    ['its permissions', { security: { devices: ['/dev/ttyUSB0:r'] } }],
    ['a host path', { volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv/h' }] }],
    [
      'read-only',
      { volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv/h', readOnly: true }] },
    ],
  ])('changes the hash of that node alone for %s', (_what, asks) => {
    const nodes = compiled(asks);
    expect(nodes.reader!.hash).not.toBe(plain.reader!.hash);
    expect(nodes.web!.hash).toBe(plain.web!.hash);
  });

  it('hashes the canonical form: a change of spelling recreates nothing', () => {
    const a = compiled({
      security: { capabilities: ['cap_net_admin', 'SYS_TIME'], devices: ['/dev//ttyUSB0/:rw'] },
      volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv/x/../h/' }],
    });
    const b = compiled({
      security: {
        capabilities: ['SYS_TIME', 'NET_ADMIN'],
        devices: ['/dev/ttyUSB0:/dev/ttyUSB0:wr'],
      },
      volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv/h' }],
    });
    expect(a.reader!.hash).toBe(b.reader!.hash);
    expect(a.reader!.security).toEqual({
      privileged: false,
      hostPID: false,
      capabilities: ['NET_ADMIN', 'SYS_TIME'],
      devices: [{ hostPath: '/dev/ttyUSB0', containerPath: '/dev/ttyUSB0', permissions: 'rw' }],
    });
  });
});
