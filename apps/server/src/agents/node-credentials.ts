import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { clusters, nodes } from '../db/schema.js';

/** What the gateway needs to know of a node to accept its hello. */
export interface NodeCredential {
  id: string;
  accountId: string;
  clusterId: string;
  /** Null until the node has joined. */
  publicKey: string | null;
  joined: boolean;
  revoked: boolean;
  desiredGeneration: number;
  heartbeatSeconds: number;
}

type Ids = ReturnType<typeof sql.param> | ReturnType<typeof sql.placeholder>;

function credentialsQuery(db: Db, ids: Ids) {
  return (
    db
      .select({
        id: nodes.id,
        accountId: nodes.accountId,
        clusterId: nodes.clusterId,
        publicKey: nodes.publicKey,
        joined: sql<boolean>`${nodes.joinedAt} is not null`,
        revoked: sql<boolean>`${nodes.revokedAt} is not null`,
        desiredGeneration: nodes.desiredGeneration,
        settings: clusters.agentSettings,
      })
      .from(nodes)
      .innerJoin(clusters, eq(clusters.id, nodes.clusterId))
      // One array parameter: an IN list of hundreds of parameters costs more to build and plan.
      .where(sql`${nodes.id} = any(${ids}::text[])`)
  );
}

type Row = Awaited<ReturnType<typeof credentialsQuery>>[number];

function byId(rows: Row[]): Map<string, NodeCredential> {
  const out = new Map<string, NodeCredential>();
  for (const { settings, ...row } of rows) {
    out.set(row.id, { ...row, heartbeatSeconds: settings.heartbeatSeconds });
  }
  return out;
}

/**
 * The credentials of the given nodes, in one query whatever their number (ids that name
 * no node are absent). Only the columns a hello needs: the node's facts and observed
 * state are documents that a hello would only parse to throw away.
 */
export async function loadNodeCredentials(
  db: Db,
  nodeIds: string[],
): Promise<Map<string, NodeCredential>> {
  return byId(await credentialsQuery(db, sql.param(nodeIds)));
}

/**
 * `loadNodeCredentials` for the gateway's hot path: the statement is built once and
 * prepared (named) on each connection. After a restart it runs hundreds of times a
 * second, and building it with the query builder, then having Postgres parse and plan it,
 * cost more than running it.
 */
export function nodeCredentialsLoader(
  db: Db,
): (nodeIds: string[]) => Promise<Map<string, NodeCredential>> {
  const query = credentialsQuery(db, sql.placeholder('ids')).prepare('berth_node_credentials');
  return async (nodeIds) => byId(await query.execute({ ids: nodeIds }));
}
