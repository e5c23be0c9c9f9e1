import { defineDriverContract, harness } from '../engines/driver-contract.js';
import type { ObservedWorkload, ReconcileAction } from './engine-driver.js';
import { NoopDriver } from './noop-driver.js';

defineDriverContract('noop (in memory)', async () => {
  // The "host": every driver started over it sees the same workloads.
  const host = new Map<string, ObservedWorkload>();
  let mutations = 0;
  const counted = (driver: NoopDriver) => {
    const apply = driver.apply.bind(driver);
    driver.apply = async (action: ReconcileAction) => {
      await apply(action); // a refused action changed nothing
      mutations++;
    };
    return driver;
  };
  return {
    start: async () => harness(counted(new NoopDriver(host))),
    workload: (id, variant = 1) => ({ id, kind: 'noop', revision: `r${variant}`, spec: {} }),
    invalidWorkload: (id) => ({ id, kind: 'noop', revision: 'r1', spec: { fail: 'terminal' } }),
    failing: async () => ({
      harness: harness(new NoopDriver(new Map())),
      workload: { id: 'contract-retry', kind: 'noop', revision: 'r1', spec: { fail: 'retry' } },
    }),
    mutations: () => mutations,
    copies: async (id) => (host.has(id) ? 1 : 0),
    leftovers: async () => [],
    runningTimeoutMs: 2000,
    cleanup: async () => {},
  };
});
