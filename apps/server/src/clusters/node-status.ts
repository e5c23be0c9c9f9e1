import type { Node } from '@berth/spec';
import type { nodes } from '../db/schema.js';

export type NodeRow = typeof nodes.$inferSelect;

/**
 * A node is online while its agent is heard from: connected to this replica, or seen by
 * any replica within `offlineAfterMs` (replicas write last-seen times every few seconds).
 */
export function nodeStatus(
  row: NodeRow,
  now: Date,
  offlineAfterMs: number,
  connectedHere: boolean,
): Node['status'] {
  if (row.revokedAt) return 'revoked';
  if (!row.joinedAt) return 'pending';
  if (connectedHere) return 'online';
  return row.lastSeenAt && now.getTime() - row.lastSeenAt.getTime() < offlineAfterMs
    ? 'online'
    : 'offline';
}

export function toNode(row: NodeRow, cluster: string, status: Node['status']): Node {
  return {
    name: row.name,
    cluster,
    ipSegment: row.ipSegment,
    status,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    joinedAt: row.joinedAt?.toISOString() ?? null,
    facts: (row.facts as Node['facts']) ?? null,
    desiredGeneration: row.desiredGeneration,
    appliedGeneration: row.appliedGeneration,
    createdAt: row.createdAt.toISOString(),
  };
}
