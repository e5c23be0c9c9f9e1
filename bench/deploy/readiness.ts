import type { WorkloadNode } from '@berth/spec';
import type { EngineApi } from '../../apps/agent/src/engines/docker/engine-api.js';
import { probe } from '../../apps/agent/src/engines/docker/health-check.js';
import { sleep } from './stats.js';

/** How often the baselines probe a starting container: as tight as is reasonable. */
export const probeEveryMs = 50;

interface Inspected {
  NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> | null };
}

/**
 * Resolves once a started container of `node` is ready by the criterion the agent uses:
 * an init node has exited 0 (inspected every 50 ms); a node
 * with a health check passed it once (the agent's own `probe`: HTTP to the container's
 * address on `network`, a TCP connect, or an exec), probed every 50 ms; a node without
 * one is ready once running. Throws when an init fails or nothing passes in `timeoutMs`.
 */
export async function waitReady(
  api: EngineApi,
  container: string,
  node: WorkloadNode,
  network: string,
  timeoutMs = 120_000,
): Promise<void> {
  if (node.kind === 'init') {
    // Inspected every 50 ms, not the engine's wait call: Podman's polls every 250 ms.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const { State } = await api.inspectContainer(container);
      if (!State.Running && ['exited', 'stopped'].includes(State.Status)) {
        if (State.ExitCode !== 0) throw new Error(`${node.name} exited ${State.ExitCode}`);
        return;
      }
      if (performance.now() > deadline) throw new Error(`${node.name} still ${State.Status}`);
      await sleep(probeEveryMs);
    }
  }
  const health = node.health;
  if (!health) return;
  const inspected = await api.client.json<Inspected>({
    method: 'GET',
    path: `/containers/${encodeURIComponent(container)}/json`,
  });
  const networks = inspected.NetworkSettings?.Networks ?? {};
  const ip = networks[network]?.IPAddress || Object.values(networks)[0]?.IPAddress;
  const target = {
    address: (port: number) => (ip ? { host: ip, port } : undefined),
    exec: (argv: string[], ms: number) => api.exec(container, argv, ms),
  };
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const result = await probe(health.check, target, health.timeoutSeconds * 1000);
    if (result.ok) return;
    if (performance.now() > deadline) throw new Error(`${node.name}: ${result.message}`);
    await sleep(probeEveryMs);
  }
}
