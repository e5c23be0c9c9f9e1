import type { AccountType, Role } from '@berth/spec';
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { accounts, credentials, memberships, users } from '../db/schema.js';
import { UnauthenticatedError } from '../errors.js';
import type { AuthCache } from './auth-cache.js';
import { hashToken, isConsoleToken, isWellFormedToken } from './tokens.js';

export interface PrincipalMembership {
  readonly accountId: string;
  readonly name: string;
  readonly displayName: string | null;
  readonly type: AccountType;
  readonly role: Role;
}

/** Who is calling, as established from a bearer token or session cookie. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly mustChangePassword: boolean;
  readonly credential: {
    readonly id: string;
    readonly kind: 'session' | 'personal';
    /** The account a personal token is pinned to, if any. */
    readonly accountId: string | null;
    readonly tokenHash: string;
    readonly expiresAt: Date | null;
  };
  readonly memberships: readonly PrincipalMembership[];
}

/** The strongest role a principal holds in a platform account, if any. */
export function platformRole(principal: Principal): Role | null {
  const m = principal.memberships.find((x) => x.type === 'platform');
  return m ? m.role : null;
}

const lastUsedGranularityMs = 60_000;

/**
 * Resolves a bearer token to its principal: from the cache when it was seen recently,
 * else from the database (one indexed lookup and one join). Caching is what keeps an
 * authenticated request cheap; `AuthCache` is invalidated on every change that matters
 * (revocation, membership, password) in this process and, by NOTIFY, in the others.
 * @throws UnauthenticatedError naming what is wrong (malformed, unknown, revoked, expired).
 */
export async function authenticate(
  deps: { db: Db; clock: Clock; authCache: AuthCache },
  token: string,
): Promise<Principal> {
  if (isConsoleToken(token)) {
    throw new UnauthenticatedError(
      "A cluster console session works only on its cluster's console routes",
      'token_invalid',
    );
  }
  if (!isWellFormedToken(token)) {
    throw new UnauthenticatedError(
      'The token is malformed: copy it again from where it was created',
      'token_malformed',
    );
  }
  const tokenHash = hashToken(token);
  const now = deps.clock.now();
  const cached = deps.authCache.get(tokenHash, now);
  if (cached) return cached;

  const generation = deps.authCache.generation;
  const principal = await loadPrincipal(deps.db, tokenHash, now);
  deps.authCache.set(principal, now, generation);
  return principal;
}

async function loadPrincipal(db: Db, tokenHash: string, now: Date): Promise<Principal> {
  // One statement finds the credential and records its use (at minute granularity, so
  // a busy token does not turn every cache miss into a write).
  const [cred] = await db
    .update(credentials)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(credentials.tokenHash, tokenHash),
        or(
          isNull(credentials.lastUsedAt),
          lt(credentials.lastUsedAt, new Date(now.getTime() - lastUsedGranularityMs)),
        ),
      ),
    )
    .returning();
  const row =
    cred ??
    (await db.select().from(credentials).where(eq(credentials.tokenHash, tokenHash)).limit(1))[0];
  if (!row || row.revokedAt) {
    throw new UnauthenticatedError(
      'The token is not valid: it was revoked or never existed',
      'token_invalid',
    );
  }
  if (row.expiresAt && row.expiresAt <= now) {
    throw new UnauthenticatedError(
      `The token expired at ${row.expiresAt.toISOString()}: sign in again or create a new token`,
      'token_expired',
    );
  }
  const [user] = await db.select().from(users).where(eq(users.id, row.userId)).limit(1);
  if (!user)
    throw new UnauthenticatedError(
      'The token is not valid: its user no longer exists',
      'token_invalid',
    );
  const rows = await db
    .select({
      accountId: accounts.id,
      name: accounts.name,
      displayName: accounts.displayName,
      type: accounts.type,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, user.id))
    .orderBy(accounts.name);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    mustChangePassword: user.mustChangePassword,
    credential: {
      id: row.id,
      kind: row.kind,
      accountId: row.accountId,
      tokenHash,
      expiresAt: row.expiresAt,
    },
    memberships: rows,
  };
}

/** Only unexpired, unrevoked credentials of a user (for listing and bulk revocation). */
export function liveCredentialsOf(userId: string, now: Date) {
  return and(
    eq(credentials.userId, userId),
    isNull(credentials.revokedAt),
    or(isNull(credentials.expiresAt), gt(credentials.expiresAt, now)),
  );
}
