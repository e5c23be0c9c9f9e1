import { type InstanceWorkloadSpec, instanceWorkloadKind } from '@berth/spec';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { nodeWorkloads } from '../db/schema.js';

/**
 * The ports of the host an instance binds: published ports (`hostPort`, replica 0 only)
 * and every port of a host-network node. As `8080/tcp`.
 */
export function hostPortsOf(spec: InstanceWorkloadSpec): string[] {
  const ports = new Set<string>();
  for (const node of spec.nodes) {
    if (node.replicas === 0 || spec.stopped) continue;
    for (const p of node.ports) {
      if (node.hostNetwork) ports.add(`${p.port}/${p.protocol}`);
      else if (p.hostPort !== undefined) ports.add(`${p.hostPort}/${p.protocol}`);
    }
  }
  return [...ports];
}

/**
 * The host ports already bound on each of `nodeIds` by other instances — of every account:
 * a host's ports are one namespace, whoever deploys there (a shared cluster's hosts run
 * several accounts' instances). Only port numbers leave this function.
 */
export async function usedHostPorts(
  db: Db,
  nodeIds: string[],
  excludingWorkload?: string,
): Promise<Map<string, Set<string>>> {
  const used = new Map<string, Set<string>>();
  if (nodeIds.length === 0) return used;
  const rows = await db
    .select({ nodeId: nodeWorkloads.nodeId, spec: nodeWorkloads.spec })
    .from(nodeWorkloads)
    .where(
      and(
        inArray(nodeWorkloads.nodeId, nodeIds),
        eq(nodeWorkloads.kind, instanceWorkloadKind),
        excludingWorkload ? ne(nodeWorkloads.workloadId, excludingWorkload) : undefined,
      ),
    );
  for (const row of rows) {
    const set = used.get(row.nodeId) ?? new Set<string>();
    for (const port of hostPortsOf(row.spec as InstanceWorkloadSpec)) set.add(port);
    used.set(row.nodeId, set);
  }
  return used;
}

/** The ports of `wanted` that `taken` already holds. */
export function clashes(wanted: string[], taken: Set<string> | undefined): string[] {
  return taken ? wanted.filter((p) => taken.has(p)) : [];
}
