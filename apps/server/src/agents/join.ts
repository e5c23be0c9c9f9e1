import { createPublicKey } from 'node:crypto';
import type { JoinRequest, JoinResponse } from '@berth/spec';
import { and, eq, isNull } from 'drizzle-orm';
import { hashToken } from '../auth/tokens.js';
import { accounts, clusters, nodes } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, ForbiddenError, InputError, UnauthenticatedError } from '../errors.js';

/** What the audit row of a join may name: the node, never the token. */
export interface JoinOutcome extends JoinResponse {
  accountId: string;
}

function assertEd25519(publicKey: string): void {
  try {
    const key = createPublicKey({
      key: Buffer.from(publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    if (key.asymmetricKeyType === 'ed25519') return;
  } catch {
    // fall through
  }
  throw new InputError('The public key must be an Ed25519 key in SPKI DER, base64', [
    { path: 'publicKey', in: 'body', message: 'must be an Ed25519 public key (SPKI DER, base64)' },
  ]);
}

/**
 * A host joins as the node its token was issued for. The token is single-use: the join
 * is one conditional UPDATE, so of any number of concurrent joins exactly one succeeds
 * (R2). Refusals change nothing and say why (R1): unknown token, used, expired, another
 * node's, or a revoked node.
 * @throws UnauthenticatedError, ConflictError, ForbiddenError, InputError.
 */
export async function joinNode(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: JoinRequest,
): Promise<JoinOutcome> {
  assertEd25519(input.publicKey);
  const tokenHash = hashToken(input.token);
  const now = deps.clock.now();
  const [row] = await deps.db
    .select({
      node: nodes,
      cluster: clusters.name,
      account: accounts.name,
      settings: clusters.agentSettings,
    })
    .from(nodes)
    .innerJoin(clusters, eq(clusters.id, nodes.clusterId))
    .innerJoin(accounts, eq(accounts.id, nodes.accountId))
    .where(eq(nodes.joinTokenHash, tokenHash))
    .limit(1);
  if (!row) {
    throw new UnauthenticatedError(
      'This join token is not valid: copy the join command again from the node',
      'join_token_invalid',
    );
  }
  const node = row.node;
  if (node.name !== input.node) {
    throw new ForbiddenError(
      `This join token belongs to another node, not "${input.node}"`,
      'join_token_other_node',
    );
  }
  if (node.revokedAt) throw new ForbiddenError(`Node "${node.name}" was revoked`, 'node_revoked');
  if (node.joinTokenUsedAt) {
    throw new ConflictError(
      `This join token was used already (at ${node.joinTokenUsedAt.toISOString()}): a token joins one node once`,
      'join_token_used',
    );
  }
  if (node.joinTokenExpiresAt && node.joinTokenExpiresAt <= now) {
    throw new UnauthenticatedError(
      `This join token expired at ${node.joinTokenExpiresAt.toISOString()}: issue a new one for node "${node.name}"`,
      'join_token_expired',
    );
  }
  const [joined] = await deps.db
    .update(nodes)
    .set({
      joinTokenUsedAt: now,
      publicKey: input.publicKey,
      joinedAt: now,
      lastSeenAt: now,
      facts: input.facts,
    })
    .where(
      and(
        eq(nodes.id, node.id),
        eq(nodes.joinTokenHash, tokenHash),
        isNull(nodes.joinTokenUsedAt),
        isNull(nodes.revokedAt),
      ),
    )
    .returning({ id: nodes.id });
  if (!joined) {
    throw new ConflictError(
      'This join token was used already: a token joins one node once',
      'join_token_used',
    );
  }
  return {
    nodeId: node.id,
    node: node.name,
    cluster: row.cluster,
    account: row.account,
    heartbeatSeconds: row.settings.heartbeatSeconds,
    accountId: node.accountId,
  };
}
