import {
  type ClusterComponent,
  type ComponentEntry,
  componentCatalog,
  componentClusterType,
  componentEntry,
  type InitialiseComponentRequest,
  type WorkloadStatus,
} from '@berth/spec';
import { and, eq, isNull } from 'drizzle-orm';
import { offlineAfterMs } from '../agents/fleet.js';
import { type ClusterRow, findCluster, findOwnCluster } from '../clusters/cluster-records.js';
import { clusterComponents, clusters, nodes } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { writeWorkload } from '../instances/instance-workload.js';
import {
  compileComponent,
  componentDeadlineSeconds,
  componentWorkloadId,
} from './compile-component.js';
import { componentNodePhase, componentStatus } from './component-status.js';

type Deps = Pick<AppDeps, 'clock' | 'fleet'>;
type NodeRow = typeof nodes.$inferSelect;

/** @throws ConflictError (`not_an_appliance`) for a cluster of another type. */
function assertAppliance(cluster: ClusterRow): ClusterRow {
  if (cluster.type !== componentClusterType) {
    throw new ConflictError(
      `Cluster "${cluster.name}" is of type ${cluster.type}: base components belong to ${componentClusterType} clusters only`,
      'not_an_appliance',
    );
  }
  return cluster;
}

function entryOf(name: string): ComponentEntry {
  const entry = componentEntry(name);
  if (!entry) {
    throw new NotFoundError(
      `Component "${name}" not found; there are: ${componentCatalog.map((e) => e.name).join(', ')}`,
    );
  }
  return entry;
}

/** The component's rows on the cluster's hosts, with each host. */
async function placements(scope: TenantScope, cluster: ClusterRow) {
  return scope.db
    .select({ placement: clusterComponents, node: nodes })
    .from(clusterComponents)
    .innerJoin(nodes, eq(nodes.id, clusterComponents.nodeId))
    .where(and(eq(clusterComponents.clusterId, cluster.id), isNull(nodes.revokedAt)))
    .orderBy(nodes.name);
}

function describe(
  deps: Deps,
  cluster: ClusterRow,
  entry: ComponentEntry,
  rows: Awaited<ReturnType<typeof placements>>,
): ClusterComponent {
  const now = deps.clock.now();
  const since = now.getTime() - offlineAfterMs(cluster.agentSettings, deps.fleet.options);
  const id = componentWorkloadId(entry.name);
  const hosts = rows
    .filter((r) => r.placement.component === entry.name)
    .map(({ placement, node }) => {
      const observed = node.observed as { workloads?: WorkloadStatus[] } | null;
      const seen = componentNodePhase({
        status: observed?.workloads?.find((w) => w.id === id),
        revision: placement.revision,
        initialisedAt: placement.initialisedAt,
        deadlineSeconds: componentDeadlineSeconds,
        applied: node.appliedGeneration >= node.desiredGeneration,
        hostOnline:
          deps.fleet.sessions.isConnected(node.id) || (node.lastSeenAt?.getTime() ?? 0) > since,
        now,
      });
      return {
        node: node.name,
        phase: seen.phase,
        ...(seen.message ? { message: seen.message } : {}),
        initialisedAt: placement.initialisedAt.toISOString(),
      };
    });
  return {
    name: entry.name,
    displayName: entry.displayName,
    description: entry.description,
    images: entry.nodes.map((n) => n.image),
    status: componentStatus(hosts.map((h) => h.phase)),
    nodes: hosts,
  };
}

/**
 * The catalog's components with their status on an appliance cluster's hosts, from
 * what the hosts' agents report.
 * @throws NotFoundError; ConflictError (`not_an_appliance`).
 */
export async function listComponents(deps: Deps, scope: TenantScope, clusterName: string) {
  const cluster = assertAppliance(await findCluster(scope, clusterName));
  const rows = await placements(scope, cluster);
  return {
    items: componentCatalog.map((entry) => describe(deps, cluster, entry, rows)),
    nextCursor: null,
  };
}

/** One component of an appliance cluster. @throws NotFoundError; ConflictError. */
export async function getComponent(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  name: string,
): Promise<ClusterComponent> {
  const cluster = assertAppliance(await findCluster(scope, clusterName));
  return describe(deps, cluster, entryOf(name), await placements(scope, cluster));
}

/** The hosts named in the request, or every host of the cluster. @throws InputError, ConflictError */
async function targets(
  scope: TenantScope,
  cluster: ClusterRow,
  named: string[] | undefined,
): Promise<NodeRow[]> {
  const members = await scope.db
    .select()
    .from(nodes)
    .where(and(eq(nodes.clusterId, cluster.id), isNull(nodes.revokedAt)))
    .orderBy(nodes.name);
  if (!named) {
    if (members.length === 0) {
      throw new ConflictError(
        `Cluster "${cluster.name}" has no nodes: create one (and join its host) first`,
        'cluster_empty',
      );
    }
    return members;
  }
  const byName = new Map(members.map((n) => [n.name, n]));
  const errors = named.flatMap((name, i) =>
    byName.has(name)
      ? []
      : [
          {
            path: `nodes[${i}]`,
            in: 'body' as const,
            message: `is not a node of cluster "${cluster.name}"`,
          },
        ],
  );
  if (errors.length > 0)
    throw new InputError('The request names nodes the cluster does not have', errors);
  return [...new Set(named)].map((name) => byName.get(name)!);
}

/**
 * Initialises a base component on hosts of an appliance cluster (all of them, or those
 * named): puts its workload into each host's desired state and records when, in one
 * transaction; the agents are told after commit and the status follows their reports.
 * Idempotent: a host that already has the current revision is left as it is (its
 * deadline is not restarted), so initialising again only adds hosts — and moves hosts
 * to a newer catalog revision.
 * @throws NotFoundError; ForbiddenError (shared cluster); ConflictError
 *   (`not_an_appliance`, `cluster_empty`); InputError naming `nodes[i]`.
 */
export async function initialiseComponent(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  name: string,
  input: InitialiseComponentRequest,
): Promise<ClusterComponent> {
  const cluster = assertAppliance(await findOwnCluster(scope, clusterName));
  const entry = entryOf(name);
  const workload = compileComponent(entry);
  const id = componentWorkloadId(entry.name);
  const changed = await scope.transaction(async (tx) => {
    // One initialisation of a cluster at a time: two at once would both write a host's workload.
    await tx.db
      .select({ id: clusters.id })
      .from(clusters)
      .where(eq(clusters.id, cluster.id))
      .for('update');
    const hosts = await targets(tx, cluster, input.nodes);
    const current = new Map(
      (
        await tx.select(
          clusterComponents,
          and(
            eq(clusterComponents.clusterId, cluster.id),
            eq(clusterComponents.component, entry.name),
          ),
        )
      ).map((r) => [r.nodeId, r.revision]),
    );
    const now = deps.clock.now();
    const moved = hosts.filter((h) => current.get(h.id) !== workload.revision);
    for (const host of moved) {
      await tx.delete(
        clusterComponents,
        and(eq(clusterComponents.nodeId, host.id), eq(clusterComponents.component, entry.name)),
      );
      await tx.insert(clusterComponents, {
        clusterId: cluster.id,
        nodeId: host.id,
        component: entry.name,
        revision: workload.revision,
        initialisedAt: now,
      });
      await writeWorkload(tx, host.id, id, workload);
    }
    const nodeIds = moved.map((h) => h.id);
    await deps.fleet.desired.bump(tx.db, { nodeIds });
    return nodeIds;
  });
  if (changed.length > 0) await deps.fleet.desired.announce({ nodeIds: changed });
  return getComponent(deps, scope, clusterName, name);
}
