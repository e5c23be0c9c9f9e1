import { randomUUID } from 'node:crypto';
import {
  type ConsoleUser,
  type CreateConsoleUserRequest,
  normaliseMobile,
  superConsoleUsername,
  type UpdateConsoleUserRequest,
} from '@berth/spec';
import { and, asc, eq, gt, isNull, ne } from 'drizzle-orm';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import { type ClusterRow, findOwnCluster } from '../clusters/cluster-records.js';
import { decodeCursor, toPage } from '../db/cursor.js';
import { isUniqueViolation, violatedConstraint } from '../db/errors.js';
import { clusters, consoleSessions, consoleUsers } from '../db/schema.js';
import { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ConsolePrincipal } from './console-access.js';
import { assertHasConsole, type ConsoleUserRow, toConsoleUser } from './console-records.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** The cluster whose console a request manages, and the scope of its account. */
export interface ConsoleTarget {
  scope: TenantScope;
  cluster: ClusterRow;
}

/**
 * The console a request acts on: for a console session, its own cluster; for a Berth
 * credential, the account's own cluster of that name (a shared cluster's console is the
 * platform's, so it answers 403 to other accounts, as changing the cluster does).
 * @throws NotFoundError, ForbiddenError, ConflictError (`console_not_available`).
 */
export async function consoleTarget(
  deps: Pick<AppDeps, 'db'>,
  actor: { console: ConsolePrincipal } | { scope: TenantScope },
  clusterName: string,
): Promise<ConsoleTarget> {
  if ('console' in actor) {
    const scope = new TenantScope(deps.db, actor.console.accountId, actor.console.accountName);
    const cluster = await scope.first(clusters, eq(clusters.id, actor.console.clusterId));
    if (!cluster) throw new NotFoundError(`Cluster "${clusterName}" not found`);
    return { scope, cluster };
  }
  const cluster = await findOwnCluster(actor.scope, clusterName);
  assertHasConsole(cluster);
  return { scope: actor.scope, cluster };
}

export async function listConsoleUsers(
  target: ConsoleTarget,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await target.scope.db
    .select()
    .from(consoleUsers)
    .where(
      and(
        eq(consoleUsers.clusterId, target.cluster.id),
        after ? gt(consoleUsers.username, after) : undefined,
      ),
    )
    .orderBy(asc(consoleUsers.username))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.username);
  return { items: page.items.map(toConsoleUser), nextCursor: page.nextCursor };
}

async function findUser(target: ConsoleTarget, username: string): Promise<ConsoleUserRow> {
  const row = await target.scope.first(
    consoleUsers,
    and(eq(consoleUsers.clusterId, target.cluster.id), eq(consoleUsers.username, username)),
  );
  if (!row) {
    throw new NotFoundError(
      `Console user "${username}" not found in cluster "${target.cluster.name}"`,
    );
  }
  return row;
}

function mobileTaken(cluster: string, mobile: string, holder: string): ConflictError {
  return new ConflictError(
    `The mobile number ${mobile} is already the mobile of console user "${holder}" of cluster "${cluster}": a mobile number identifies one user`,
    'mobile_taken',
    [{ path: 'mobile', in: 'body', message: `is already used by console user "${holder}"` }],
  );
}

/** @throws ConflictError naming `mobile` when another user of the cluster has the number. */
async function assertMobileFree(
  scope: TenantScope,
  cluster: ClusterRow,
  mobile: string,
  exceptUserId?: string,
): Promise<void> {
  const holder = await scope.first(
    consoleUsers,
    and(
      eq(consoleUsers.clusterId, cluster.id),
      eq(consoleUsers.mobile, mobile),
      exceptUserId ? ne(consoleUsers.id, exceptUserId) : undefined,
    ),
  );
  if (holder) throw mobileTaken(cluster.name, mobile, holder.username);
}

/** Serialises changes to one cluster's console users, so the checks above cannot race. */
async function lockCluster(scope: TenantScope, cluster: ClusterRow): Promise<void> {
  await scope.db
    .select({ id: clusters.id })
    .from(clusters)
    .where(eq(clusters.id, cluster.id))
    .for('update');
}

function userExists(cluster: ClusterRow, username: string): ConflictError {
  return new ConflictError(
    `Cluster "${cluster.name}" already has a console user named "${username}"`,
    'console_user_exists',
  );
}

/** Maps a unique violation that slipped past the checks to the answer the check gives. */
function uniqueConflict(error: unknown, cluster: ClusterRow, username: string, mobile?: string) {
  if (!isUniqueViolation(error)) return error;
  if (violatedConstraint(error) === 'console_users_cluster_mobile' && mobile)
    return mobileTaken(cluster.name, mobile, 'another user');
  return userExists(cluster, username);
}

/**
 * Adds a console user. The mobile number is stored normalised (E.164), so another
 * spelling of a number already held is refused.
 * @throws ConflictError (`console_user_exists`; `mobile_taken` naming `mobile`);
 *   InputError naming `password` when it contains the username.
 */
export async function createConsoleUser(
  deps: Deps,
  target: ConsoleTarget,
  input: CreateConsoleUserRequest,
): Promise<ConsoleUser> {
  assertPasswordPolicy(input.username, input.password, 'password');
  const mobile = normaliseMobile(input.mobile)!; // the schema let only valid numbers through
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  try {
    return await target.scope.transaction(async (tx) => {
      await lockCluster(tx, target.cluster);
      const same = await tx.first(
        consoleUsers,
        and(
          eq(consoleUsers.clusterId, target.cluster.id),
          eq(consoleUsers.username, input.username),
        ),
      );
      if (same) throw userExists(target.cluster, input.username);
      await assertMobileFree(tx, target.cluster, mobile);
      const [row] = await tx
        .insert(consoleUsers, {
          id: randomUUID(),
          clusterId: target.cluster.id,
          username: input.username,
          mobile,
          superuser: false,
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? false,
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return toConsoleUser(row as ConsoleUserRow);
    });
  } catch (error) {
    throw uniqueConflict(error, target.cluster, input.username, mobile);
  }
}

/**
 * Changes a console user's mobile number, password or must-change flag; fields left out
 * stay. A new password ends the user's sessions.
 * @throws NotFoundError; ConflictError (`mobile_taken`); InputError naming `password`.
 */
export async function updateConsoleUser(
  deps: Deps,
  target: ConsoleTarget,
  username: string,
  input: UpdateConsoleUserRequest,
): Promise<ConsoleUser> {
  if (input.password !== undefined) assertPasswordPolicy(username, input.password, 'password');
  const mobile = input.mobile === undefined ? undefined : normaliseMobile(input.mobile)!;
  const passwordHash =
    input.password === undefined ? undefined : await hashPassword(input.password);
  const now = deps.clock.now();
  try {
    return await target.scope.transaction(async (tx) => {
      await lockCluster(tx, target.cluster);
      const user = await findUser({ ...target, scope: tx }, username);
      if (mobile !== undefined) await assertMobileFree(tx, target.cluster, mobile, user.id);
      const [row] = await tx
        .update(
          consoleUsers,
          {
            ...(mobile !== undefined ? { mobile } : {}),
            ...(passwordHash ? { passwordHash, passwordChangedAt: now } : {}),
            ...(input.mustChangePassword !== undefined
              ? { mustChangePassword: input.mustChangePassword }
              : {}),
            updatedAt: now,
          },
          eq(consoleUsers.id, user.id),
        )
        .returning();
      if (passwordHash) {
        await tx.update(
          consoleSessions,
          { revokedAt: now },
          and(eq(consoleSessions.userId, user.id), isNull(consoleSessions.revokedAt)),
        );
      }
      return toConsoleUser(row as ConsoleUserRow);
    });
  } catch (error) {
    throw uniqueConflict(error, target.cluster, username, mobile);
  }
}

/**
 * Deletes a console user with its sessions. The super account stays.
 * @throws NotFoundError; ConflictError (`super_account`).
 */
export async function deleteConsoleUser(target: ConsoleTarget, username: string): Promise<void> {
  const user = await findUser(target, username);
  if (user.superuser) {
    throw new ConflictError(
      `${superConsoleUsername} is the cluster's super account: it cannot be deleted (change its password instead)`,
      'super_account',
    );
  }
  await target.scope.delete(consoleUsers, eq(consoleUsers.id, user.id));
}
