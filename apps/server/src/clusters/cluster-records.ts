import type { Cluster } from '@berth/spec';
import { and, eq, or, type SQL } from 'drizzle-orm';
import { clusters } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

export type ClusterRow = typeof clusters.$inferSelect;

export const defaultAgentSettings = { heartbeatSeconds: 10, logLevel: 'info' as const };

/** Clusters an account may see and deploy to: its own, and the platform's shared ones. */
export function visibleClusters(scope: TenantScope, where?: SQL): SQL {
  const visible = or(eq(clusters.accountId, scope.accountId), eq(clusters.shared, true)) as SQL;
  return where ? (and(visible, where) as SQL) : visible;
}

/** A cluster the scope can see. @throws NotFoundError */
export async function findCluster(scope: TenantScope, name: string): Promise<ClusterRow> {
  const [row] = await scope.db
    .select()
    .from(clusters)
    .where(visibleClusters(scope, eq(clusters.name, name)))
    .orderBy(clusters.shared) // the account's own first, when it shares a name with a shared one
    .limit(1);
  if (!row) throw new NotFoundError(`Cluster "${name}" not found`);
  return row;
}

/** A cluster the scope may change: its own, not a shared one it only uses. */
export async function findOwnCluster(scope: TenantScope, name: string): Promise<ClusterRow> {
  const row = await findCluster(scope, name);
  if (row.accountId !== scope.accountId) {
    throw new ForbiddenError(
      `Cluster "${name}" is shared by the platform: only platform administrators change it`,
    );
  }
  return row;
}

export function toCluster(
  row: ClusterRow,
  nodes: { total: number; online: number },
  warnings: string[] = [],
): Cluster {
  return {
    name: row.name,
    displayName: row.displayName,
    type: row.type,
    runtime: row.runtime,
    storage: row.storage ?? null,
    serviceCidr: row.serviceCidr,
    shared: row.shared,
    agentSettings: row.agentSettings,
    nodes,
    createdAt: row.createdAt.toISOString(),
    warnings,
  };
}
