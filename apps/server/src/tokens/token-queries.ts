import type { TokenInfo } from '@berth/spec';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { decodeCursor, toPage } from '../db/cursor.js';
import { accounts, credentials } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { NotFoundError } from '../errors.js';

/** The caller's personal tokens that are not revoked, oldest first. Never the secrets. */
export async function listTokens(
  deps: Pick<AppDeps, 'db'>,
  principal: Principal,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await deps.db
    .select({ credential: credentials, accountName: accounts.name })
    .from(credentials)
    .leftJoin(accounts, eq(accounts.id, credentials.accountId))
    .where(
      and(
        eq(credentials.userId, principal.userId),
        eq(credentials.kind, 'personal'),
        isNull(credentials.revokedAt),
        after ? gt(credentials.id, after) : undefined,
      ),
    )
    .orderBy(asc(credentials.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.credential.id);
  return {
    items: page.items.map(
      ({ credential: c, accountName }): TokenInfo => ({
        id: c.id,
        name: c.name ?? '',
        prefix: c.prefix,
        account: accountName,
        createdAt: c.createdAt.toISOString(),
        expiresAt: c.expiresAt?.toISOString() ?? null,
        lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
      }),
    ),
    nextCursor: page.nextCursor,
  };
}

/**
 * Revokes one of the caller's personal tokens; effective on the next request, in every
 * replica.
 * @throws NotFoundError when the id is not one of the caller's live tokens.
 */
export async function revokeToken(
  deps: Pick<AppDeps, 'db' | 'clock' | 'authEvents'>,
  principal: Principal,
  id: string,
): Promise<void> {
  const [row] = await deps.db
    .update(credentials)
    .set({ revokedAt: deps.clock.now() })
    .where(
      and(
        eq(credentials.id, id),
        eq(credentials.userId, principal.userId),
        eq(credentials.kind, 'personal'),
        isNull(credentials.revokedAt),
      ),
    )
    .returning({ tokenHash: credentials.tokenHash });
  if (!row) throw new NotFoundError('Token not found among your tokens');
  await deps.authEvents.changed({ tokenHash: row.tokenHash });
}
