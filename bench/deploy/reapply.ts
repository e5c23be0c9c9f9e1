import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceWorkloadSpec, RegistrySettings, Workload } from '@berth/spec';
import { createAgentLogger } from '../../apps/agent/src/agent-logger.js';
import { isRunning, reconcileUntil } from '../../apps/agent/src/engines/driver-contract.js';
import type { ObservedWorkload } from '../../apps/agent/src/reconcile/engine-driver.js';
import { Reconciler } from '../../apps/agent/src/reconcile/reconciler.js';
import { removeTestContainers } from '../../test/harness/engine.js';
import {
  EngineCalls,
  isMutatingCall,
  startDockerDriver,
  tempDir,
} from '../../test/harness/instance-workloads.js';
import { sleep, spread } from './stats.js';

const quiet = createAgentLogger('error', { write: () => true });

/** The mutating engine calls made while measuring, and the timings. */
export interface ReapplyResult {
  /** A reconcile pass over the unchanged desired state: what the agent does for it. */
  pass: ReturnType<typeof spread>;
  /** `apply` of the same workload (an update action) + one supervisor tick. */
  applyAndTick: ReturnType<typeof spread>;
  /** A new driver over the same host (an agent restart): adopt (`start`) + one tick. */
  adoptAndTick: ReturnType<typeof spread>;
  /** Engine calls that change something, from the first measurement to 3 s after the last. */
  mutatingCalls: Array<{ method: string; path: string }>;
  /** All engine calls made in that window (reads, exec of health checks). */
  engineCalls: number;
}

/**
 * Target 4 of the deployment issue: re-applying an unchanged desired state takes under
 * 50 ms and changes nothing on the engine. The instance (the workload the agent received,
 * under another name) is deployed with the container driver in this process, with the
 * agent's production timings; then, `runs` times each, the unchanged state is applied
 * three ways (see `ReapplyResult`) while `EngineCalls` counts every engine call.
 */
export async function benchReapply(options: {
  workload: Workload & { spec: InstanceWorkloadSpec };
  registries: RegistrySettings | undefined;
  label: string;
  runs?: number;
}): Promise<ReapplyResult> {
  const runs = options.runs ?? 15;
  const instanceId = randomUUID();
  const spec = { ...options.workload.spec, instance: 'bench-reapply', instanceId };
  const revision = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 32);
  const workload: Workload = { id: instanceId, kind: 'instance', revision, spec };
  const stateDir = tempDir('berth-bench-reapply-');
  const owner = `bench-${options.label}`;
  const calls = new EngineCalls();
  const start = () => {
    const h = startDockerDriver({
      run: options.label,
      owner,
      stateDir,
      calls,
      more: { timings: {}, storageDir: join(stateDir, 'volumes'), logger: quiet },
    });
    h.driver.configure({ ...(options.registries ? { registries: options.registries } : {}) });
    return { driver: h.driver, reconciler: new Reconciler({ drivers: [h.driver], logger: quiet }) };
  };
  let current = start();
  try {
    await reconcileUntil(
      current.reconciler,
      [workload],
      (r) => isRunning(r.statuses[0], revision),
      120_000,
    );
    await sleep(1000); // let the last ticks and health checks settle
    const from = calls.calls.length;
    const pass: number[] = [];
    const applyAndTick: number[] = [];
    const adoptAndTick: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const result = await current.reconciler.reconcile([workload]);
      pass.push(performance.now() - t0);
      if (!isRunning(result.statuses[0], revision)) throw new Error('re-apply: not running');
      const observed = (await current.driver.observe()).find((o) => o.id === instanceId)!;
      t0 = performance.now();
      await current.driver.apply({ type: 'update', workload, observed });
      await current.driver.tickNow(instanceId);
      applyAndTick.push(performance.now() - t0);
    }
    for (let i = 0; i < Math.min(runs, 5); i++) {
      await current.driver.close();
      current = start();
      const t0 = performance.now();
      const found = await current.driver.observe();
      const observed = found.find((o) => o.id === instanceId) as ObservedWorkload;
      if (observed.supervised !== false)
        throw new Error('a new driver should find it unsupervised');
      await current.driver.apply({ type: 'start', workload, observed });
      await current.driver.tickNow(instanceId);
      adoptAndTick.push(performance.now() - t0);
      // A new driver knows no health yet: ready again after each replica's first probe.
      await reconcileUntil(
        current.reconciler,
        [workload],
        (r) => isRunning(r.statuses[0], revision),
        30_000,
      );
    }
    await sleep(3000); // a mutation planned by those ticks would be under way by now
    const window = calls.calls.slice(from);
    return {
      pass: spread(pass),
      applyAndTick: spread(applyAndTick),
      adoptAndTick: spread(adoptAndTick),
      mutatingCalls: window.filter((c) => isMutatingCall(c.method, c.path)),
      engineCalls: window.length,
    };
  } finally {
    await current.driver.close();
    await removeTestContainers(`berth.test=${options.label}`);
    rmSync(stateDir, { recursive: true, force: true });
  }
}
