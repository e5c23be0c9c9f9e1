import { describe, expect, it } from 'vitest';
import type { AppSpec } from './app-spec-schema.js';
import {
  type ContainerPolicy,
  checkContainerPolicy,
  noContainerPolicy,
} from './check-container-policy.js';
import { customNode, type Doc, docOf } from './testing/spec-fixtures.js';
import { validateAppSpec } from './validate-app-spec.js';

function valid(doc: Doc): AppSpec {
  const result = validateAppSpec(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.spec;
}

const policy = (allowed: Partial<ContainerPolicy>): ContainerPolicy => ({
  ...noContainerPolicy,
  ...allowed,
});

/** A spec whose second node asks for one thing (the first asks for nothing). */
const asking = (extra: Doc) => valid(docOf(customNode('web'), customNode('reader', extra)));

/** The five kinds, each in several spellings, with the field a refusal must name. */
const asks: Array<[string, Doc, string, Partial<ContainerPolicy>]> = [
  ['privileged', { security: { privileged: true } }, 'security.privileged', { privileged: true }],
  ['host PID', { security: { hostPID: true } }, 'security.hostPID', { hostPID: true }],
  ...['SYS_ADMIN', 'CAP_SYS_ADMIN', 'cap_sys_admin', ' sys_admin '].map(
    (c): [string, Doc, string, Partial<ContainerPolicy>] => [
      `capability ${JSON.stringify(c)}`,
      { security: { capabilities: [c] } },
      'security.capabilities[0]',
      { capabilities: ['SYS_ADMIN'] },
    ],
  ),
  [
    'capability ALL',
    { security: { capabilities: ['all'] } },
    'security.capabilities[0]',
    { capabilities: ['ALL'] },
  ],
  ...['/dev/ttyUSB0', '/dev//ttyUSB0/', '/dev/x/../ttyUSB0:rw', '/dev/ttyUSB0:/dev/ttyS0:r'].map(
    (d): [string, Doc, string, Partial<ContainerPolicy>] => [
      `device ${JSON.stringify(d)}`,
      { security: { devices: [d] } },
      'security.devices[0]',
      { devices: ['/dev/ttyUSB0'] },
    ],
  ),
  ...['/etc', '/etc/', '//etc', '/srv/../etc', '/srv/./../etc/.'].map(
    (p): [string, Doc, string, Partial<ContainerPolicy>] => [
      `host path ${JSON.stringify(p)}`,
      { volumes: [{ name: 'h', mountPath: '/h', hostPath: p }] },
      'volumes[0].hostPath',
      { hostPaths: ['/etc'] },
    ],
  ),
];

describe(checkContainerPolicy, () => {
  it('lets a spec that asks for nothing run under the empty policy', () => {
    expect(checkContainerPolicy(asking({}), noContainerPolicy)).toEqual([]);
  });

  it.each(asks)('refuses %s by default, naming the field', (_what, extra, field) => {
    const errors = checkContainerPolicy(asking(extra), noContainerPolicy);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe(`nodes[1].${field}`);
    expect(errors[0]?.message).toContain('the platform admin must allow it');
  });

  it.each(asks)('allows %s once the policy allows exactly it', (_what, extra, _field, allowed) => {
    expect(checkContainerPolicy(asking(extra), policy(allowed))).toEqual([]);
  });

  it('names the canonical value in the message', () => {
    const spec = asking({
      security: { capabilities: ['cap_net_admin'], devices: ['/dev/../dev/ttyACM0:r'] },
      volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv//x/' }],
    });
    expect(checkContainerPolicy(spec, noContainerPolicy).map((e) => e.message)).toEqual([
      expect.stringContaining('capability NET_ADMIN is not allowed'),
      expect.stringContaining('device /dev/ttyACM0 is not allowed'),
      expect.stringContaining('host path /srv/x is not allowed'),
    ]);
  });

  it('matches prefixes segment by segment', () => {
    const device = (d: string) => asking({ security: { devices: [d] } });
    const serial = policy({ devices: ['/dev/serial', '/dev/ttyUSB0'] });
    expect(checkContainerPolicy(device('/dev/serial/by-id/usb-1'), serial)).toEqual([]);
    expect(checkContainerPolicy(device('/dev/ttyUSB0'), serial)).toEqual([]);
    expect(checkContainerPolicy(device('/dev/serial1'), serial)).toHaveLength(1);
    expect(checkContainerPolicy(device('/dev/ttyUSB01'), serial)).toHaveLength(1);
    expect(checkContainerPolicy(device('/dev/serial/../mem'), serial)).toHaveLength(1);
    const usb = policy({ devices: ['/dev/ttyUSB'] });
    expect(checkContainerPolicy(device('/dev/ttyUSB0'), usb)).toHaveLength(1);
  });

  it('reads the policy in any spelling too, and allows any capability with ALL', () => {
    const spec = asking({ security: { capabilities: ['SYS_TIME', 'NET_ADMIN'] } });
    expect(checkContainerPolicy(spec, policy({ capabilities: ['cap_sys_time'] }))).toEqual([
      expect.objectContaining({ path: 'nodes[1].security.capabilities[1]' }),
    ]);
    expect(checkContainerPolicy(spec, policy({ capabilities: ['all'] }))).toEqual([]);
    const bind = asking({ volumes: [{ name: 'h', mountPath: '/h', hostPath: '/srv/data/in' }] });
    expect(checkContainerPolicy(bind, policy({ hostPaths: ['/srv//data/'] }))).toEqual([]);
    expect(checkContainerPolicy(bind, policy({ hostPaths: ['srv/data'] }))).toHaveLength(1);
  });

  it('refuses what is not allowed and only that, on init nodes too', () => {
    const spec = valid(
      docOf(customNode('web', { security: { capabilities: ['NET_ADMIN', 'SYS_ADMIN'] } }), {
        name: 'job',
        kind: 'init',
        image: 'r.example.com/job:1',
        security: { privileged: true },
      }),
    );
    expect(
      checkContainerPolicy(spec, policy({ capabilities: ['NET_ADMIN'] })).map((e) => e.path),
    ).toEqual(['nodes[0].security.capabilities[1]', 'nodes[1].security.privileged']);
  });

  it('refuses a value that does not parse, for specs built in code', () => {
    const spec = {
      specVersion: 1,
      nodes: [customNode('x', { security: { capabilities: ['ROOT'] } })],
    };
    const errors = checkContainerPolicy(spec as AppSpec, policy({ capabilities: ['ALL'] }));
    expect(errors[0]?.message).toContain('is not a Linux capability');
  });
});
