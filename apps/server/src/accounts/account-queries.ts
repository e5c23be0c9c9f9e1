import type { Account, Member } from '@berth/spec';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { type Principal, platformRole } from '../auth/principal.js';
import { decodeCursor, toPage } from '../db/cursor.js';
import { accounts, memberships, users } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { NotFoundError } from '../errors.js';

type AccountRow = typeof accounts.$inferSelect;

export function toAccount(row: AccountRow): Account {
  return {
    name: row.name,
    type: row.type,
    displayName: row.displayName,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The accounts the caller can see: all of them for platform admins, else their own. */
export async function listAccounts(
  deps: Pick<AppDeps, 'db'>,
  principal: Principal,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const own = principal.memberships.map((m) => m.accountId);
  const everything = platformRole(principal) !== null;
  if (!everything && own.length === 0) return { items: [], nextCursor: null };
  const rows = await deps.db
    .select()
    .from(accounts)
    .where(
      and(
        everything ? undefined : inArray(accounts.id, own),
        after ? gt(accounts.name, after) : undefined,
      ),
    )
    .orderBy(asc(accounts.name))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.name);
  return { items: page.items.map(toAccount), nextCursor: page.nextCursor };
}

/** The account a scoped request acts in. */
export async function getAccount(deps: Pick<AppDeps, 'db'>, scope: TenantScope): Promise<Account> {
  const [row] = await deps.db.select().from(accounts).where(eq(accounts.id, scope.accountId));
  if (!row) throw new NotFoundError(`Account "${scope.accountName}" not found`);
  return toAccount(row);
}

export async function listMembers(
  scope: TenantScope,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await scope.db
    .select({
      username: users.username,
      displayName: users.displayName,
      role: memberships.role,
      addedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(scope.where(memberships, after ? gt(users.username, after) : undefined))
    .orderBy(asc(users.username))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.username);
  return {
    items: page.items.map((r): Member => ({ ...r, addedAt: r.addedAt.toISOString() })),
    nextCursor: page.nextCursor,
  };
}
