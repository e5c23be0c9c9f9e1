import { mkdirSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentLogger } from '../../apps/agent/src/agent-logger.js';
import { isRunning, reconcileUntil } from '../../apps/agent/src/engines/driver-contract.js';
import { Reconciler } from '../../apps/agent/src/reconcile/reconciler.js';
import type { WorkloadNode } from '../../packages/spec/src/index.js';
import { engineRequest, requireEngine, TEST_IMAGES } from '../harness/engine.js';
import {
  cleanupRun,
  containersWith,
  execIn,
  instanceWorkload,
  newRunId,
  startDockerDriver,
  tempDir,
  testNode,
} from '../harness/instance-workloads.js';

/**
 * R15 on the real engine (Podman's Docker API): what the container driver asks the engine
 * for, read back by inspecting the containers and from inside them. A node without
 * settings gets nothing of the host but its storage root; a node with settings gets
 * exactly those; and the agent refuses host paths that are not canonical, or that lead
 * elsewhere through a symbolic link, whoever sent them.
 */
const skip = await requireEngine({ images: [TEST_IMAGES.web] });

interface Inspected {
  HostConfig: {
    Privileged: boolean;
    PidMode: string;
    CapAdd: string[] | null;
    Devices: Array<{ PathOnHost: string; PathInContainer: string }> | null;
  };
  Mounts: Array<{ Type: string; Source: string; Destination: string; RW: boolean }>;
}

/** Bits of the capability sets (linux/capability.h). */
const netAdminBit = 1n << 12n;
const sysAdminBit = 1n << 21n;

describe.skipIf(!!skip)('the container driver on the real engine: host access (R15)', () => {
  const run = newRunId();
  const owner = `sec-${run}`;
  const stateDir = realpathSync(tempDir());
  const storageRoot = join(stateDir, 'volumes');
  const shared = realpathSync(tempDir('berth-bind-'));
  const logger = createAgentLogger('error', { write: () => true });
  let h: ReturnType<typeof startDockerDriver>;
  let reconciler: Reconciler;

  const web = (name: string, more: Partial<WorkloadNode> = {}) =>
    testNode({ name, image: TEST_IMAGES.web, ...more });
  const inspect = async (instance: string, node: string) =>
    (await engineRequest<Inspected>('GET', `/containers/berth-${instance}-${node}-0/json`)).body;
  const capEff = async (container: string) => {
    const status = (await execIn(container, ['cat', '/proc/self/status'])).stdout;
    return BigInt(`0x${/^CapEff:\s*([0-9a-f]+)$/m.exec(status)![1]}`);
  };

  beforeAll(() => {
    writeFileSync(join(shared, 'greeting.txt'), 'from the host\n');
    h = startDockerDriver({ run, owner, stateDir });
    reconciler = new Reconciler({ drivers: [h.driver], logger });
  });
  afterAll(async () => {
    await h?.driver.close();
    await cleanupRun(run, [stateDir, shared]);
  });

  describe('an instance of a default node and two that ask for host access', () => {
    const instance = `${run}-sec`;
    const w = instanceWorkload({
      id: instance,
      instance,
      levels: [['plain', 'capable', 'priv']],
      nodes: [
        web('plain', { volumes: [{ name: 'data', mountPath: '/data' }] }),
        web('capable', {
          security: {
            privileged: false,
            hostPID: false,
            capabilities: ['NET_ADMIN'],
            devices: [{ hostPath: '/dev/null', containerPath: '/dev/xnull', permissions: 'rwm' }],
          },
          volumes: [{ name: 'shared', mountPath: '/shared', hostPath: shared, readOnly: true }],
        }),
        web('priv', {
          security: {
            privileged: true,
            hostPID: true,
            capabilities: ['NET_ADMIN'],
            devices: [{ hostPath: '/dev/null', containerPath: '/dev/xnull', permissions: 'rwm' }],
          },
          volumes: [{ name: 'shared', mountPath: '/shared', hostPath: shared }],
        }),
      ],
    });

    beforeAll(async () => {
      await reconcileUntil(reconciler, [w], (r) => isRunning(r.statuses[0], w.revision), 60_000);
    });

    it('gives a default node no privilege, no capability, no device, no host path', async () => {
      const c = await inspect(instance, 'plain');
      expect(c.HostConfig.Privileged).toBe(false);
      expect(c.HostConfig.PidMode).not.toBe('host');
      expect(c.HostConfig.CapAdd ?? []).toEqual([]);
      expect(c.HostConfig.Devices ?? []).toEqual([]);
      const binds = c.Mounts.filter((m) => m.Type === 'bind');
      expect(binds.map((m) => m.Destination)).toEqual(['/data']);
      for (const m of binds) expect(m.Source.startsWith(`${storageRoot}/`), m.Source).toBe(true);
      const caps = await capEff(`berth-${instance}-plain-0`);
      expect(caps & netAdminBit).toBe(0n);
    });

    it('gives a node exactly the capability, device and bind it asks for', async () => {
      const c = await inspect(instance, 'capable');
      expect(c.HostConfig.Privileged).toBe(false);
      expect(c.HostConfig.PidMode).not.toBe('host');
      expect(c.HostConfig.CapAdd).toEqual(['NET_ADMIN']);
      expect(c.HostConfig.Devices).toEqual([
        expect.objectContaining({ PathOnHost: '/dev/null', PathInContainer: '/dev/xnull' }),
      ]);
      expect(c.Mounts.filter((m) => m.Type === 'bind')).toEqual([
        expect.objectContaining({ Source: shared, Destination: '/shared', RW: false }),
      ]);
      const container = `berth-${instance}-capable-0`;
      expect((await capEff(container)) & netAdminBit).toBe(netAdminBit);
      expect((await execIn(container, ['test', '-c', '/dev/xnull'])).exitCode).toBe(0);
      expect((await execIn(container, ['cat', '/shared/greeting.txt'])).stdout).toBe(
        'from the host\n',
      );
      const write = await execIn(container, ['sh', '-c', 'echo x > /shared/new.txt']);
      expect(write.exitCode).not.toBe(0);
    });

    it('gives a privileged node privilege, the host PID namespace and its bind', async () => {
      const c = await inspect(instance, 'priv');
      expect(c.HostConfig.Privileged).toBe(true);
      expect(c.HostConfig.PidMode).toBe('host');
      expect(c.Mounts.filter((m) => m.Type === 'bind')).toEqual([
        expect.objectContaining({ Source: shared, Destination: '/shared', RW: true }),
      ]);
      const container = `berth-${instance}-priv-0`;
      const ns = await execIn(container, ['readlink', '/proc/self/ns/pid']);
      expect(ns.stdout.trim()).toBe(readlinkSync('/proc/self/ns/pid'));
      // Privileged: every capability the engine may give, SYS_ADMIN included, which no
      // other node here has. (Podman then gives every host device and drops the
      // explicit device list, so /dev/xnull is not looked for here.)
      const caps = await capEff(container);
      expect(caps & (netAdminBit | sysAdminBit)).toBe(netAdminBit | sysAdminBit);
      expect((await capEff(`berth-${instance}-capable-0`)) & sysAdminBit).toBe(0n);
    });
  });

  it('refuses a bind or device path that is relative or climbs with "..", creating nothing', async () => {
    const instance = `${run}-bad`;
    const w = instanceWorkload({
      id: instance,
      instance,
      levels: [['sneaky']],
      nodes: [
        web('sneaky', {
          security: {
            privileged: false,
            hostPID: false,
            capabilities: [],
            devices: [{ hostPath: '/dev/../etc/shadow', containerPath: '/s', permissions: 'r' }],
          },
          volumes: [{ name: 'etc', mountPath: '/etc-host', hostPath: 'srv/../../etc' }],
        }),
      ],
    });
    const result = await reconcileUntil(
      reconciler,
      [w],
      (r) => r.statuses[0]?.phase === 'failed',
      20_000,
    );
    const message = result.statuses[0]!.nodes[0]!.message!;
    expect(result.statuses[0]!.nodes[0]).toMatchObject({ name: 'sneaky', phase: 'failed' });
    expect(message).toContain('host path of volume etc "srv/../../etc" is relative');
    expect(message).toContain('device "/dev/../etc/shadow" contains ".." or "."');
    expect(await containersWith(`berth.agent=${owner}`, `berth.instance=${instance}`)).toEqual([]);
  });

  it('refuses a host path that leads elsewhere through a symbolic link', async () => {
    const instance = `${run}-link`;
    mkdirSync(join(shared, 'inbox'));
    symlinkSync('/etc', join(shared, 'inbox', 'planted'));
    const w = instanceWorkload({
      id: instance,
      instance,
      levels: [['linked']],
      nodes: [
        web('linked', {
          volumes: [{ name: 'x', mountPath: '/x', hostPath: join(shared, 'inbox', 'planted') }],
        }),
      ],
    });
    await reconcileUntil(
      reconciler,
      [w],
      () => h.events.some((e) => e.workload === instance && e.reason === 'failed'),
      20_000,
    );
    const failed = h.events.find((e) => e.workload === instance && e.reason === 'failed')!;
    expect(failed.message).toContain('leads to /etc through a symbolic link');
    expect(await containersWith(`berth.agent=${owner}`, `berth.instance=${instance}`)).toEqual([]);
  });
});
