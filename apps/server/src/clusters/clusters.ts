import { randomUUID } from 'node:crypto';
import type { Cluster, CreateClusterRequest } from '@berth/spec';
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import { offlineAfterMs } from '../agents/fleet.js';
import { hasConsole, newSuperAccount } from '../console/console-records.js';
import { decodeCursor, toPage } from '../db/cursor.js';
import { isUniqueViolation } from '../db/errors.js';
import { clusters, consoleUsers, nodes } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError } from '../errors.js';
import {
  type ClusterRow,
  defaultAgentSettings,
  findCluster,
  findOwnCluster,
  toCluster,
  visibleClusters,
} from './cluster-records.js';

type Deps = Pick<AppDeps, 'clock' | 'fleet'>;

/**
 * Creates a cluster of the scope's account; an edge cluster gets its console's super
 * account `iotedgeadmin` with it (see `hasConsole`).
 * @throws ConflictError (`cluster_exists`).
 */
export async function createCluster(
  deps: Deps,
  scope: TenantScope,
  input: CreateClusterRequest,
  shared = false,
): Promise<Cluster> {
  const id = randomUUID();
  const now = deps.clock.now();
  // Hashed before the transaction: argon2id takes ~50 ms that no lock should wait on.
  const superAccount = hasConsole(input.type)
    ? await newSuperAccount(scope.accountId, id, now)
    : undefined;
  try {
    const row = await scope.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(clusters, {
          id,
          name: input.name,
          displayName: input.displayName ?? null,
          type: input.type,
          runtime: input.runtime ?? 'engine',
          storage: input.storage ?? null,
          serviceCidr: input.serviceCidr ?? null,
          shared,
          agentSettings: defaultAgentSettings,
          createdAt: now,
        })
        .returning();
      if (superAccount) await tx.insert(consoleUsers, superAccount);
      return inserted as ClusterRow;
    });
    return toCluster(row, { total: 0, online: 0 });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`A cluster named "${input.name}" already exists`, 'cluster_exists');
    throw error;
  }
}

/** Node counts of clusters: total, and online as far as any replica has heard. */
async function nodeCounts(deps: Deps, scope: TenantScope, rows: ClusterRow[]) {
  const out = new Map<string, { total: number; online: number }>();
  const now = deps.clock.now().getTime();
  for (const row of rows) {
    const since = new Date(now - offlineAfterMs(row.agentSettings, deps.fleet.options));
    const [c] = await scope.db
      .select({
        total: count(),
        online: sql<number>`count(*) filter (where ${nodes.revokedAt} is null and ${nodes.lastSeenAt} > ${since})`,
      })
      .from(nodes)
      .where(eq(nodes.clusterId, row.id));
    out.set(row.id, { total: Number(c?.total ?? 0), online: Number(c?.online ?? 0) });
  }
  return out;
}

export async function listClusters(
  deps: Deps,
  scope: TenantScope,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await scope.db
    .select()
    .from(clusters)
    .where(visibleClusters(scope, after ? gt(clusters.name, after) : undefined))
    .orderBy(asc(clusters.name))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.name);
  const counts = await nodeCounts(deps, scope, page.items);
  return {
    items: page.items.map((r) => toCluster(r, counts.get(r.id)!)),
    nextCursor: page.nextCursor,
  };
}

export async function getCluster(deps: Deps, scope: TenantScope, name: string): Promise<Cluster> {
  const row = await findCluster(scope, name);
  return toCluster(row, (await nodeCounts(deps, scope, [row])).get(row.id)!);
}

/**
 * Deletes a cluster of the scope's account with its nodes; their agents' sessions end.
 * @throws NotFoundError; ForbiddenError (a shared cluster).
 */
export async function deleteCluster(deps: Deps, scope: TenantScope, name: string): Promise<void> {
  const row = await findOwnCluster(scope, name);
  const members = await scope.db
    .select({ id: nodes.id })
    .from(nodes)
    .where(eq(nodes.clusterId, row.id));
  await scope.delete(clusters, eq(clusters.id, row.id));
  for (const node of members) await deps.fleet.desired.announceRevoked(node.id);
}

/**
 * Changes the settings of every agent of a cluster: a new desired state for all its
 * nodes, pushed to every connected agent.
 */
export async function setAgentSettings(
  deps: Deps,
  scope: TenantScope,
  name: string,
  input: {
    heartbeatSeconds?: number | undefined;
    logLevel?: 'error' | 'warn' | 'info' | 'debug' | undefined;
  },
): Promise<Cluster> {
  const row = await findOwnCluster(scope, name);
  const settings = {
    heartbeatSeconds: input.heartbeatSeconds ?? row.agentSettings.heartbeatSeconds,
    logLevel: input.logLevel ?? row.agentSettings.logLevel,
  };
  await scope.transaction(async (tx) => {
    await tx.update(clusters, { agentSettings: settings }, and(eq(clusters.id, row.id)));
    await deps.fleet.desired.bump(tx.db, { clusterId: row.id });
  });
  await deps.fleet.desired.announce({ clusterId: row.id });
  return getCluster(deps, scope, name);
}
