import type { NodeFacts } from '@berth/spec';
import { and, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { offlineAfterMs } from '../agents/fleet.js';
import type { ClusterRow } from '../clusters/cluster-records.js';
import { instances, nodes } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { clashes, usedHostPorts } from './host-ports.js';

type NodeRow = typeof nodes.$inferSelect;
type Need = { cpuMillis: number; memoryMi: number };
/** What the instance binds on its host (`8080/tcp`), see host-ports.ts. */
type Options = { node?: string | undefined; excluding?: string; hostPorts?: string[] };

function describe(need: Need): string {
  return `${need.cpuMillis}m CPU and ${need.memoryMi}Mi memory`;
}

/**
 * The host an instance goes to: the one asked for, or the online host of the cluster
 * with the most memory left that fits the plan's totals (what instances already there
 * reserved is subtracted from the host's facts) and whose ports the instance would bind
 * are free. An instance being moved or re-planned passes `excluding` so its own
 * reservation does not count against it.
 * @throws NotFoundError (no such node); ConflictError (`cluster_offline`,
 *   `node_offline`, `host_port_in_use`, `insufficient_resources`) with the numbers.
 */
export async function pickHost(
  deps: Pick<AppDeps, 'clock' | 'fleet'>,
  scope: TenantScope,
  cluster: ClusterRow,
  need: Need,
  options: Options,
): Promise<NodeRow> {
  const candidates = await scope.db
    .select()
    .from(nodes)
    .where(
      and(eq(nodes.clusterId, cluster.id), isNull(nodes.revokedAt), isNotNull(nodes.joinedAt)),
    );
  const since =
    deps.clock.now().getTime() - offlineAfterMs(cluster.agentSettings, deps.fleet.options);
  const online = (n: NodeRow) =>
    deps.fleet.sessions.isConnected(n.id) || (n.lastSeenAt?.getTime() ?? 0) > since;
  let pool = candidates;
  if (options.node) {
    pool = candidates.filter((n) => n.name === options.node);
    if (pool.length === 0)
      throw new NotFoundError(
        `Node "${options.node}" not found (or not joined) in cluster "${cluster.name}"`,
      );
    if (!online(pool[0]!))
      throw new ConflictError(
        `Node "${options.node}" is offline: deploy when its agent is back, or choose another node`,
        'node_offline',
      );
  } else {
    pool = candidates.filter(online);
    if (pool.length === 0) {
      throw new ConflictError(
        `Cluster "${cluster.name}" has no online node: join a host or bring one back`,
        'cluster_offline',
      );
    }
  }
  pool = await withFreePorts(scope, pool, options);
  const reserved = await scope.db
    .select({
      nodeId: instances.nodeId,
      cpu: sql<number>`coalesce(sum((${instances.resources}->>'cpuMillis')::int), 0)`,
      memory: sql<number>`coalesce(sum((${instances.resources}->>'memoryMi')::int), 0)`,
    })
    .from(instances)
    .where(
      and(
        eq(instances.clusterId, cluster.id),
        ne(instances.state, 'deleting'),
        options.excluding ? ne(instances.id, options.excluding) : undefined,
      ),
    )
    .groupBy(instances.nodeId);
  const used = new Map(
    reserved.map((r) => [r.nodeId, { cpuMillis: Number(r.cpu), memoryMi: Number(r.memory) }]),
  );
  const free = pool.map((n) => {
    const facts = n.facts as NodeFacts | null;
    const u = used.get(n.id) ?? { cpuMillis: 0, memoryMi: 0 };
    return {
      node: n,
      cpuMillis: (facts?.cpus ?? 0) * 1000 - u.cpuMillis,
      memoryMi: (facts?.memoryMi ?? 0) - u.memoryMi,
    };
  });
  const fits = free.filter((f) => f.cpuMillis >= need.cpuMillis && f.memoryMi >= need.memoryMi);
  if (fits.length === 0) {
    const best = free.sort((a, b) => b.memoryMi - a.memoryMi)[0]!;
    throw new ConflictError(
      `The instance needs ${describe(need)}; the host with the most room, ${best.node.name}, has ${describe({ cpuMillis: Math.max(0, best.cpuMillis), memoryMi: Math.max(0, best.memoryMi) })} free`,
      'insufficient_resources',
    );
  }
  return fits.sort((a, b) => b.memoryMi - a.memoryMi)[0]!.node;
}

/** The hosts of `pool` where none of the instance's host ports is taken. */
async function withFreePorts(
  scope: TenantScope,
  pool: NodeRow[],
  options: Options,
): Promise<NodeRow[]> {
  const wanted = options.hostPorts ?? [];
  if (wanted.length === 0) return pool;
  const used = await usedHostPorts(
    scope.db,
    pool.map((n) => n.id),
    options.excluding,
  );
  const free = pool.filter((n) => clashes(wanted, used.get(n.id)).length === 0);
  if (free.length > 0) return free;
  const first = pool[0]!;
  const taken = clashes(wanted, used.get(first.id));
  const where = options.node
    ? `on node "${first.name}"`
    : pool.length === 1
      ? `on the only online host, ${first.name}`
      : `on every online host of the cluster (${first.name}: ${taken.join(', ')})`;
  throw new ConflictError(
    `Host port ${taken.join(', ')} is already in use ${where} by another instance: delete or move that instance, or give this app's port another hostPort`,
    'host_port_in_use',
  );
}
