import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appSpecJsonSchema } from './app-spec-json-schema.js';
import { type AppSpec, appSpecSchema } from './app-spec-schema.js';
import { diffAppSpecs } from './diff-app-specs.js';
import { planDeployment } from './plan-deployment.js';
import type { PlannedContainer } from './plan-types.js';
import { customNode, type Doc, docOf, errorsOf, messagesAt } from './testing/spec-fixtures.js';
import { validateAppSpec } from './validate-app-spec.js';

/** Security settings and bind mounts in the spec: shape, canonical spelling, rules, plan. */

function valid(doc: Doc): AppSpec {
  const result = validateAppSpec(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.spec;
}

const asking = (security: Doc, volumes?: Doc[]) =>
  docOf(customNode('reader', { security, ...(volumes ? { volumes } : {}) }));

describe('validateAppSpec: container security', () => {
  it('keeps every setting in its canonical spelling', () => {
    const spec = valid(
      docOf(
        customNode('reader', {
          security: {
            privileged: true,
            hostPID: true,
            capabilities: ['cap_net_admin', ' SYS_TIME ', 'CAP_ALL'],
            devices: ['/dev//ttyUSB0/', '/dev/../dev/null:/dev/xnull:wr', '/dev/zero:rw'],
          },
          volumes: [{ name: 'scans', mountPath: '/scans', hostPath: '/srv//scans/../in/' }],
        }),
        { name: 'job', kind: 'init', image: 'r.example.com/job:1', security: { hostPID: true } },
      ),
    );
    const [reader, job] = spec.nodes as Doc[];
    expect(reader.security).toEqual({
      privileged: true,
      hostPID: true,
      capabilities: ['NET_ADMIN', 'SYS_TIME', 'ALL'],
      devices: [
        '/dev/ttyUSB0:/dev/ttyUSB0:rwm',
        '/dev/null:/dev/xnull:rw',
        '/dev/zero:/dev/zero:rw',
      ],
    });
    expect(reader.volumes).toEqual([{ name: 'scans', mountPath: '/scans', hostPath: '/srv/in' }]);
    expect(job.security).toEqual({ hostPID: true });
    // Canonical in, canonical out: a stored spec validates to itself, and encodes as
    // itself (the server's response serializer encodes what it answers).
    expect(valid(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    expect(z.encode(appSpecSchema, spec)).toEqual(spec);
  });

  it('refuses an unknown capability at its index, listing the known ones', () => {
    const [message] = messagesAt(
      asking({ capabilities: ['NET_ADMIN', 'CAP_ROOT'] }),
      'nodes[0].security.capabilities[1]',
    );
    expect(message).toContain('is not a Linux capability');
    expect(message).toContain('SYS_ADMIN');
  });

  it('refuses relative host paths and device paths, and bad permissions, at their field', () => {
    const doc = asking({ devices: ['dev/ttyUSB0', '/dev/ttyUSB0:/dev/ttyS0:rwx'] }, [
      { name: 'a', mountPath: '/a', hostPath: 'srv/a' },
      { name: 'b', mountPath: '/b', hostPath: '../etc' },
    ]);
    expect(errorsOf(doc).map((e) => e.path)).toEqual([
      'nodes[0].volumes[0].hostPath',
      'nodes[0].volumes[1].hostPath',
      'nodes[0].security.devices[0]',
      'nodes[0].security.devices[1]',
    ]);
    expect(messagesAt(doc, 'nodes[0].volumes[0].hostPath')[0]).toContain('absolute path');
  });

  it('refuses a capability or device listed twice in two spellings', () => {
    const doc = asking({
      capabilities: ['SYS_ADMIN', 'cap_sys_admin'],
      devices: ['/dev/ttyUSB0', '/dev/ttyUSB1:/dev//ttyUSB0/:r'],
    });
    expect(messagesAt(doc, 'nodes[0].security.capabilities[1]')).toEqual([
      'SYS_ADMIN is already capabilities[0] (spellings are compared in canonical form): list it once',
    ]);
    expect(messagesAt(doc, 'nodes[0].security.devices[1]')[0]).toContain(
      'maps onto /dev/ttyUSB0 in the container, like devices[0]',
    );
  });

  it('refuses readOnly on a private volume, and security on middleware or managed nodes', () => {
    expect(
      messagesAt(
        asking({}, [{ name: 'a', mountPath: '/a', readOnly: true }]),
        'nodes[0].volumes[0].readOnly',
      ),
    ).toHaveLength(1);
    const middleware = docOf({
      name: 'cache',
      kind: 'middleware',
      template: 'redis',
      version: '7.2',
      security: { privileged: true },
    });
    expect(messagesAt(middleware, 'nodes[0].security')).toEqual([
      'is not a known field of middleware nodes',
    ]);
    expect(messagesAt(asking({ root: true }), 'nodes[0].security.root')).toHaveLength(1);
  });

  it('describes the new fields in the JSON Schema', () => {
    const schema = appSpecJsonSchema() as Doc;
    const custom = schema.properties.nodes.items.oneOf[0].properties;
    expect(Object.keys(custom.security.properties).sort()).toEqual([
      'capabilities',
      'devices',
      'hostPID',
      'privileged',
    ]);
    expect(custom.security.additionalProperties).toBe(false);
    expect(custom.security.properties.capabilities.items.type).toBe('string');
    expect(Object.keys(custom.volumes.items.properties).sort()).toEqual([
      'hostPath',
      'mountPath',
      'name',
      'readOnly',
    ]);
  });
});

describe('diffAppSpecs and planDeployment: container security', () => {
  const before = valid(asking({ capabilities: ['NET_ADMIN'] }));
  const after = valid(
    asking({ capabilities: ['cap_net_admin', 'SYS_TIME'], privileged: true }, [
      { name: 'scans', mountPath: '/scans', hostPath: '/srv/scans', readOnly: true },
    ]),
  );

  it('lists security and bind-mount changes, ignoring a change of spelling', () => {
    expect(diffAppSpecs(before, after).map((c) => c.summary)).toEqual(
      expect.arrayContaining([
        'node reader: security.privileged set to true',
        'node reader: capability SYS_TIME added',
        'node reader: volumes set to [{"name":"scans","mountPath":"/scans","hostPath":"/srv/scans","readOnly":true}]',
      ]),
    );
    expect(diffAppSpecs(before, after)).toHaveLength(3);
  });

  it('plans the canonical settings, and nothing for a node that asks for nothing', () => {
    const node = planDeployment(after).nodes[0] as PlannedContainer;
    expect(node.security).toEqual({
      privileged: true,
      hostPID: false,
      capabilities: ['NET_ADMIN', 'SYS_TIME'],
      devices: [],
    });
    expect(node.volumes).toEqual([
      { name: 'scans', mountPath: '/scans', hostPath: '/srv/scans', readOnly: true },
    ]);
    const plain = valid(
      asking({ privileged: false, capabilities: [] }, [{ name: 'a', mountPath: '/a' }]),
    );
    const planned = planDeployment(plain).nodes[0] as PlannedContainer;
    expect(planned).not.toHaveProperty('security');
    expect(planned.volumes).toEqual([{ name: 'a', mountPath: '/a' }]);
  });

  it('plans devices as host path, container path and permissions', () => {
    const spec = valid(asking({ devices: ['/dev/ttyUSB0:/dev/ttyS0:r', '/dev/null'] }));
    expect((planDeployment(spec).nodes[0] as PlannedContainer).security?.devices).toEqual([
      { hostPath: '/dev/null', containerPath: '/dev/null', permissions: 'rwm' },
      { hostPath: '/dev/ttyUSB0', containerPath: '/dev/ttyS0', permissions: 'r' },
    ]);
  });
});
