import { randomUUID } from 'node:crypto';
import type { CreatedToken, CreateTokenRequest } from '@berth/spec';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { generateToken } from '../auth/tokens.js';
import { credentials } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, NotFoundError } from '../errors.js';

/** A user may hold this many live personal tokens; past it, revoke old ones first. */
export const maxTokensPerUser = 100;

/**
 * Creates a personal access token for the caller, optionally pinned to one of the
 * caller's accounts. The token is returned once and only its hash is kept.
 * @throws NotFoundError when the account is not one of the caller's;
 *   ConflictError (`token_limit`) when the caller already holds `maxTokensPerUser`.
 */
export async function createToken(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  principal: Principal,
  input: CreateTokenRequest,
): Promise<CreatedToken> {
  let accountId: string | null = null;
  if (input.account !== undefined) {
    const m = principal.memberships.find((x) => x.name === input.account);
    if (!m) throw new NotFoundError(`Account "${input.account}" not found among your accounts`);
    accountId = m.accountId;
  } else if (principal.credential.accountId !== null) {
    // A pinned token must not mint an unpinned one: that would widen its reach.
    accountId = principal.credential.accountId;
  }
  const now = deps.clock.now();
  const [held] = await deps.db
    .select({ n: count() })
    .from(credentials)
    .where(
      and(
        eq(credentials.userId, principal.userId),
        eq(credentials.kind, 'personal'),
        isNull(credentials.revokedAt),
      ),
    );
  if ((held?.n ?? 0) >= maxTokensPerUser) {
    throw new ConflictError(
      `You already hold ${maxTokensPerUser} tokens: revoke some first`,
      'token_limit',
    );
  }
  const token = generateToken('personal');
  const expiresAt = input.expiresInDays
    ? new Date(now.getTime() + input.expiresInDays * 86_400_000)
    : null;
  const id = randomUUID();
  await deps.db.insert(credentials).values({
    id,
    kind: 'personal',
    userId: principal.userId,
    accountId,
    name: input.name,
    prefix: token.prefix,
    tokenHash: token.hash,
    createdAt: now,
    expiresAt,
  });
  const accountName =
    accountId === null
      ? null
      : (principal.memberships.find((m) => m.accountId === accountId)?.name ?? null);
  return {
    id,
    name: input.name,
    prefix: token.prefix,
    account: accountName,
    createdAt: now.toISOString(),
    expiresAt: expiresAt?.toISOString() ?? null,
    lastUsedAt: null,
    token: token.token,
  };
}
