import type { Workload } from '@berth/spec';
import type { ObservedWorkload, ReconcileAction } from './engine-driver.js';

/** Phases in which a workload of the current revision is started again. */
const startablePhases = new Set(['stopped', 'exited', 'failed']);

/**
 * The actions that turn `observed` into `desired` for one driver kind. Pure: no I/O, no
 * clock, the same answer for the same input, so a pass can run any number of times.
 *
 * - observed but not desired → `remove` (first, to free ports and memory for the rest)
 * - desired but not observed → `create`
 * - observed with another revision → `update`
 * - observed with the same revision but stopped/exited/failed → `start`; for a driver
 *   that supervises its workloads itself (`supervised` set), only when nobody
 *   supervises it (`supervised: false`: found on the host after a restart → adopt)
 * - otherwise nothing.
 *
 * A desired id listed twice counts once (the first); desired order is kept so that
 * drivers may create in the order the server chose.
 */
export function plan(desired: Workload[], observed: ObservedWorkload[]): ReconcileAction[] {
  const wanted = new Map<string, Workload>();
  for (const workload of desired) if (!wanted.has(workload.id)) wanted.set(workload.id, workload);
  const running = new Map<string, ObservedWorkload>();
  for (const workload of observed) running.set(workload.id, workload);

  const removals: ReconcileAction[] = [];
  for (const [id, current] of running) {
    if (!wanted.has(id)) removals.push({ type: 'remove', id, observed: current });
  }
  const changes: ReconcileAction[] = [];
  for (const workload of wanted.values()) {
    const current = running.get(workload.id);
    if (!current) changes.push({ type: 'create', workload });
    else if (current.revision !== workload.revision) {
      changes.push({ type: 'update', workload, observed: current });
    } else if (current.supervised === false) {
      changes.push({ type: 'start', workload, observed: current });
    } else if (current.supervised === undefined && startablePhases.has(current.phase)) {
      changes.push({ type: 'start', workload, observed: current });
    }
  }
  return [...removals, ...changes];
}
