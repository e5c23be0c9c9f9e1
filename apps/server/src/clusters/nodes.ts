import { randomUUID } from 'node:crypto';
import { type CreatedNode, type CreateNodeRequest, cidrsOverlap, type Node } from '@berth/spec';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { offlineAfterMs } from '../agents/fleet.js';
import { generateToken } from '../auth/tokens.js';
import { decodeCursor, toPage } from '../db/cursor.js';
import { isUniqueViolation } from '../db/errors.js';
import { nodes } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { type ClusterRow, findCluster, findOwnCluster } from './cluster-records.js';
import { type NodeRow, nodeStatus, toNode } from './node-status.js';

type Deps = Pick<AppDeps, 'clock' | 'fleet' | 'settings'>;

function describe(deps: Deps, cluster: ClusterRow, row: NodeRow): Node {
  const status = nodeStatus(
    row,
    deps.clock.now(),
    offlineAfterMs(cluster.agentSettings, deps.fleet.options),
    deps.fleet.sessions.isConnected(row.id),
  );
  return toNode(row, cluster.name, status);
}

/** The command that joins a host as `node` and keeps its agent running. */
export function joinCommand(settings: AppDeps['settings'], node: string, token: string): string {
  const stateDir = '/var/lib/berth-agent';
  const pin = settings.tlsFingerprint ? ` --fingerprint ${settings.tlsFingerprint}` : '';
  return (
    `npx berth-agent join --server ${settings.publicUrl} --node ${node} --token ${token}${pin} --state-dir ${stateDir}` +
    ` && npx berth-agent run --state-dir ${stateDir}`
  );
}

function issueToken(deps: Deps) {
  const token = generateToken('join');
  const expiresAt = new Date(deps.clock.now().getTime() + deps.settings.joinTokenTtlMs);
  return { token, expiresAt };
}

/**
 * Creates a node and its single-use join token (kept only as a hash; the command with
 * the token is shown once).
 * @throws NotFoundError; ForbiddenError (shared cluster); ConflictError (`node_exists`).
 */
export async function createNode(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  input: CreateNodeRequest,
): Promise<CreatedNode> {
  const cluster = await findOwnCluster(scope, clusterName);
  const { token, expiresAt } = issueToken(deps);
  const warnings: string[] = [];
  if (
    cluster.serviceCidr &&
    input.ipSegment &&
    cidrsOverlap(cluster.serviceCidr, input.ipSegment)
  ) {
    warnings.push(
      `The node's IP segment ${input.ipSegment} overlaps the cluster's service address range ${cluster.serviceCidr}: services may shadow hosts of the LAN`,
    );
  }
  try {
    const [row] = await scope
      .insert(nodes, {
        id: randomUUID(),
        clusterId: cluster.id,
        name: input.name,
        ipSegment: input.ipSegment ?? null,
        joinTokenHash: token.hash,
        joinTokenExpiresAt: expiresAt,
        createdAt: deps.clock.now(),
      })
      .returning();
    return {
      ...describe(deps, cluster, row as NodeRow),
      join: {
        command: joinCommand(deps.settings, input.name, token.token),
        token: token.token,
        expiresAt: expiresAt.toISOString(),
      },
      warnings,
    };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(
        `Cluster "${clusterName}" already has a node named "${input.name}"`,
        'node_exists',
      );
    }
    throw error;
  }
}

export async function listNodes(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  query: { cursor?: string | undefined; limit: number },
) {
  const cluster = await findCluster(scope, clusterName);
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await scope.db
    .select()
    .from(nodes)
    .where(and(eq(nodes.clusterId, cluster.id), after ? gt(nodes.name, after) : undefined))
    .orderBy(asc(nodes.name))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.name);
  return { items: page.items.map((r) => describe(deps, cluster, r)), nextCursor: page.nextCursor };
}

async function findNode(scope: TenantScope, cluster: ClusterRow, name: string): Promise<NodeRow> {
  const [row] = await scope.db
    .select()
    .from(nodes)
    .where(and(eq(nodes.clusterId, cluster.id), eq(nodes.name, name)))
    .limit(1);
  if (!row) throw new NotFoundError(`Node "${name}" not found in cluster "${cluster.name}"`);
  return row;
}

export async function getNode(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  name: string,
): Promise<Node> {
  const cluster = await findCluster(scope, clusterName);
  return describe(deps, cluster, await findNode(scope, cluster, name));
}

/**
 * Revokes a node: its session ends at once on whichever replica holds it, and it is
 * refused from then on. Revocation is final; a new node is made to rejoin the host.
 */
export async function revokeNode(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  name: string,
): Promise<Node> {
  const cluster = await findOwnCluster(scope, clusterName);
  const row = await findNode(scope, cluster, name);
  const [revoked] = await scope
    .update(
      nodes,
      { revokedAt: deps.clock.now() },
      and(eq(nodes.id, row.id), isNull(nodes.revokedAt)),
    )
    .returning();
  await deps.fleet.desired.announceRevoked(row.id);
  return describe(deps, cluster, (revoked as NodeRow | undefined) ?? row);
}

/** Deletes a node (revoking it first). */
export async function deleteNode(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  name: string,
): Promise<void> {
  const cluster = await findOwnCluster(scope, clusterName);
  const row = await findNode(scope, cluster, name);
  await scope.delete(nodes, eq(nodes.id, row.id));
  await deps.fleet.desired.announceRevoked(row.id);
}

/**
 * Issues a new join token for a node that has not joined yet (the old one is void).
 * @throws ConflictError (`node_joined`) once the node has joined.
 */
export async function reissueJoinToken(
  deps: Deps,
  scope: TenantScope,
  clusterName: string,
  name: string,
): Promise<CreatedNode> {
  const cluster = await findOwnCluster(scope, clusterName);
  const row = await findNode(scope, cluster, name);
  if (row.joinedAt || row.revokedAt) {
    throw new ConflictError(
      `Node "${name}" has joined (or was revoked): a join token is only for a node that has not`,
      'node_joined',
    );
  }
  const { token, expiresAt } = issueToken(deps);
  const [updated] = await scope
    .update(
      nodes,
      { joinTokenHash: token.hash, joinTokenExpiresAt: expiresAt, joinTokenUsedAt: null },
      eq(nodes.id, row.id),
    )
    .returning();
  return {
    ...describe(deps, cluster, updated as NodeRow),
    join: {
      command: joinCommand(deps.settings, name, token.token),
      token: token.token,
      expiresAt: expiresAt.toISOString(),
    },
    warnings: [],
  };
}
