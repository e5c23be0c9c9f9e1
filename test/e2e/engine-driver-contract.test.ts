import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { defineDriverContract } from '../../apps/agent/src/engines/driver-contract.js';
import { requireEngine, TEST_IMAGES } from '../harness/engine.js';
import {
  cleanupRun,
  containersWith,
  EngineCalls,
  fastHealth,
  instanceWorkload,
  networksWith,
  newRunId,
  startDockerDriver,
  tempDir,
  testNode,
} from '../harness/instance-workloads.js';

/** The shared driver contract, for the container driver on the real engine (Podman). */
const skip = await requireEngine({ images: [TEST_IMAGES.web] });

if (skip) {
  describe.skip(`the engine driver contract: docker (${skip})`, () => {
    it('needs the engine', () => {});
  });
} else {
  defineDriverContract('docker (Podman on this machine)', async () => {
    const run = newRunId();
    const owner = `contract-${run}`;
    const stateDir = tempDir();
    const calls = new EngineCalls();
    const instanceOf = (id: string) => `${run}-${id.replace('contract-', '')}`;
    return {
      start: async () => startDockerDriver({ run, owner, stateDir, calls }),
      workload: (id, variant = 1) =>
        instanceWorkload({
          id,
          instance: instanceOf(id),
          levels: [['web']],
          nodes: [
            testNode({
              name: 'web',
              image: TEST_IMAGES.web,
              env: { GREETING: `variant-${variant}` },
              ports: [{ name: 'http', port: 8080, protocol: 'tcp' }],
              volumes: [{ name: 'data', mountPath: '/data' }],
              health: fastHealth({ type: 'http', path: '/healthz', port: 8080 }),
            }),
          ],
        }),
      invalidWorkload: (id) =>
        instanceWorkload({
          id,
          instance: instanceOf(id),
          levels: [['web;rm -rf /']],
          nodes: [testNode({ name: 'web;rm -rf /', image: TEST_IMAGES.web })],
        }),
      failing: async () => ({
        harness: startDockerDriver({
          run,
          owner,
          stateDir: tempDir(),
          sockets: [`/tmp/${run}-no-engine.sock`],
        }),
        workload: instanceWorkload({
          id: 'contract-retry',
          instance: `${run}-retry`,
          levels: [['web']],
          nodes: [testNode({ name: 'web', image: TEST_IMAGES.web })],
        }),
      }),
      mutations: () => calls.mutations().length,
      copies: async (id) =>
        (await containersWith(`berth.agent=${owner}`, `berth.instance=${id}`)).length,
      leftovers: async (id) => {
        const networks = await networksWith(`berth.agent=${owner}`, `berth.instance=${id}`);
        const volumes = join(stateDir, 'volumes', instanceOf(id));
        return [
          ...networks.map((n) => `network ${n.Name}`),
          ...(existsSync(volumes) ? [`volumes ${volumes}`] : []),
        ];
      },
      runningTimeoutMs: 20_000,
      cleanup: () => cleanupRun(run, [stateDir]),
    };
  });
}
