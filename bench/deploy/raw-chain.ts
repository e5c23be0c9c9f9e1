import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { InstanceWorkloadSpec, RegistrySettings, WorkloadNode } from '@berth/spec';
import { buildContainerSpec } from '../../apps/agent/src/engines/docker/container-spec.js';
import type { EngineApi } from '../../apps/agent/src/engines/docker/engine-api.js';
import { resolveImage } from '../../apps/agent/src/engines/docker/image-ref.js';
import {
  instanceLabels,
  networkName,
  type OwnerLabels,
  volumeDir,
} from '../../apps/agent/src/engines/docker/naming.js';
import { waitReady } from './readiness.js';

/** When a level's containers were asked for, all started, and all ready (ms from t0). */
export interface LevelTimes {
  nodes: string[];
  startedMs: number;
  readyMs: number;
}

export interface ChainRun {
  totalMs: number;
  levels: LevelTimes[];
}

/**
 * Baseline (a): the critical path of the same deployment done by hand through the
 * engine API, with nothing in between — the instance network, then level by level every
 * replica created and started at once (the very create bodies the agent sends:
 * `buildContainerSpec`, images through the same mirror, env with the values the agent
 * received), each level waiting until its containers are ready by the agent's criterion
 * (`waitReady`). Timed from the network create to the last level ready. Everything
 * created carries `owner`'s labels; the caller removes it.
 */
export async function rawChain(options: {
  api: EngineApi;
  spec: InstanceWorkloadSpec;
  registries: RegistrySettings | undefined;
  instance: string;
  owner: OwnerLabels;
  storageRoot: string;
}): Promise<ChainRun> {
  const { api, spec, owner } = options;
  const instanceId = randomUUID();
  const network = networkName(options.instance, instanceId);
  const byName = new Map(spec.nodes.map((n) => [n.name, n]));
  const t0 = performance.now();
  await api.client.json({
    method: 'POST',
    path: '/networks/create',
    body: {
      Name: network,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: instanceLabels(owner, instanceId, options.instance),
    },
  });
  const levels: LevelTimes[] = [];
  for (const level of spec.levels) {
    const nodes = level.map((name) => byName.get(name)!);
    let startedMs = 0;
    await Promise.all(
      nodes.flatMap((node) =>
        replicasOf(node).map(async (replica) => {
          const id = await createAndStart(options, node, replica, instanceId, network);
          startedMs = Math.max(startedMs, performance.now() - t0);
          await waitReady(api, id, node, network);
        }),
      ),
    );
    levels.push({ nodes: level, startedMs, readyMs: performance.now() - t0 });
  }
  return { totalMs: performance.now() - t0, levels };
}

function replicasOf(node: WorkloadNode): number[] {
  const count = node.kind === 'init' ? Math.min(1, node.replicas) : node.replicas;
  return Array.from({ length: count }, (_, i) => i);
}

async function createAndStart(
  options: Parameters<typeof rawChain>[0],
  node: WorkloadNode,
  replica: number,
  instanceId: string,
  network: string,
): Promise<string> {
  for (const volume of node.volumes) {
    const dir = volumeDir(options.storageRoot, options.instance, node.name, volume.name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  const { name, body } = buildContainerSpec({
    workloadId: instanceId,
    spec: { instance: options.instance },
    node,
    replica,
    revision: 'bench',
    image: resolveImage(node.image, options.registries).ref,
    network,
    storageRoot: options.storageRoot,
    owner: options.owner,
  });
  const id = await options.api.createContainer(name, body);
  await options.api.startContainer(id);
  return id;
}
