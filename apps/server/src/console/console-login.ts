import { randomUUID } from 'node:crypto';
import { type ConsolePasswordRequest, type ConsoleSession, normaliseMobile } from '@berth/spec';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { hashPassword, verifyNothing, verifyPassword } from '../auth/passwords.js';
import { generateToken } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import { accounts, clusters, consoleSessions, consoleUsers } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, InputError, NotFoundError, UnauthenticatedError } from '../errors.js';
import type { ConsoleIdentity, ConsolePrincipal } from './console-access.js';
import { type ConsoleUserRow, toConsoleUser } from './console-records.js';
import type { ConsoleTarget } from './console-users.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'loginThrottle' | 'settings'>;

/** A failed console sign-in; names the user when it exists (for the audit row). */
export class ConsoleLoginFailedError extends UnauthenticatedError {
  constructor(readonly identity: ConsoleIdentity | null) {
    super('Wrong username or password', 'login_failed');
  }
}

/**
 * Throttle keys of a console sign-in. The user key names account, cluster and user (a
 * Berth username cannot hold `/`, so it never meets a Berth user's key); the address
 * key is the one the main sign-in counts, so guesses on both share one budget.
 */
function throttleKeys(account: string, cluster: string, username: string, sourceIp: string) {
  return { user: `console/${account}/${cluster}/${username}`, address: sourceIp };
}

async function openSession(
  deps: Deps,
  db: Db,
  user: ConsoleUserRow,
  via: 'password' | 'login-free',
): Promise<ConsoleSession> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.settings.sessionTtlMs);
  const token = generateToken('console');
  await db.insert(consoleSessions).values({
    id: randomUUID(),
    accountId: user.accountId,
    clusterId: user.clusterId,
    userId: user.id,
    via,
    prefix: token.prefix,
    tokenHash: token.hash,
    createdAt: now,
    expiresAt,
  });
  return {
    token: token.token,
    expiresAt: expiresAt.toISOString(),
    mustChangePassword: user.mustChangePassword,
    user: toConsoleUser(user),
  };
}

/**
 * Signs a console user in with username and password and opens a console session of
 * that cluster. The cluster is named by the path and its account by `Berth-Account`
 * (cluster names are unique only within an account). Throttled like the main sign-in;
 * an unknown account, cluster or user is answered exactly like a wrong password, in the
 * same time, so the answer tells nobody which names exist.
 * @throws BadRequestError (`account_required`); TooManyRequestsError while locked;
 *   ConsoleLoginFailedError.
 */
export async function consoleLogin(
  deps: Deps,
  input: {
    account: string | undefined;
    cluster: string;
    username: string;
    password: string;
    sourceIp: string;
  },
): Promise<{ session: ConsoleSession; identity: ConsoleIdentity }> {
  if (input.account === undefined) {
    throw new BadRequestError(
      'Name the account of the cluster with the Berth-Account header: cluster names are unique only within an account',
      'account_required',
    );
  }
  const username = input.username.toLowerCase();
  const keys = throttleKeys(input.account, input.cluster, username, input.sourceIp);
  await deps.loginThrottle.assertNotLocked(keys);
  const [found] = await deps.db
    .select({ user: consoleUsers, clusterName: clusters.name, accountName: accounts.name })
    .from(consoleUsers)
    .innerJoin(clusters, eq(clusters.id, consoleUsers.clusterId))
    .innerJoin(accounts, eq(accounts.id, consoleUsers.accountId))
    .where(
      and(
        eq(accounts.name, input.account),
        eq(clusters.name, input.cluster),
        eq(consoleUsers.username, username),
      ),
    )
    .limit(1);
  const identity: ConsoleIdentity | null = found
    ? {
        userId: found.user.id,
        username: found.user.username,
        clusterId: found.user.clusterId,
        clusterName: found.clusterName,
        accountId: found.user.accountId,
        accountName: found.accountName,
      }
    : null;
  const ok = found
    ? await verifyPassword(found.user.passwordHash, input.password)
    : await verifyNothing(input.password);
  if (!found || !ok) {
    await deps.loginThrottle.recordFailure(keys);
    throw new ConsoleLoginFailedError(identity);
  }
  await deps.loginThrottle.recordSuccess(keys);
  return { session: await openSession(deps, deps.db, found.user, 'password'), identity: identity! };
}

/**
 * Login-free access between systems (domain §7): a system holding a credential of the
 * cluster's account (operator or above) opens a console session for the console user
 * whose mobile number it names — in any spelling, as it is normalised first.
 * @throws NotFoundError when no console user of the cluster has that number.
 */
export async function loginFree(
  deps: Deps,
  target: ConsoleTarget,
  input: { mobile: string },
): Promise<ConsoleSession> {
  const mobile = normaliseMobile(input.mobile)!; // the schema let only valid numbers through
  const user = await target.scope.first(
    consoleUsers,
    and(eq(consoleUsers.clusterId, target.cluster.id), eq(consoleUsers.mobile, mobile)),
  );
  if (!user) {
    throw new NotFoundError(
      `No console user of cluster "${target.cluster.name}" has the mobile number ${mobile}`,
    );
  }
  return openSession(deps, target.scope.db, user, 'login-free');
}

/**
 * Changes the signed-in console user's password after checking the current one
 * (throttled like sign-in, so a stolen session cannot guess it), clears the
 * must-change flag and ends the user's other sessions.
 * @throws InputError naming `newPassword`; UnauthenticatedError (`wrong_password`).
 */
export async function changeConsolePassword(
  deps: Deps,
  principal: ConsolePrincipal,
  input: ConsolePasswordRequest & { sourceIp: string },
): Promise<void> {
  if (input.newPassword === input.currentPassword) {
    throw new InputError('The new password must differ from the current one', [
      { path: 'newPassword', in: 'body', message: 'must differ from the current password' },
    ]);
  }
  assertPasswordPolicy(principal.username, input.newPassword, 'newPassword');
  const keys = throttleKeys(
    principal.accountName,
    principal.clusterName,
    principal.username,
    input.sourceIp,
  );
  await deps.loginThrottle.assertNotLocked(keys);
  const [user] = await deps.db
    .select()
    .from(consoleUsers)
    .where(eq(consoleUsers.id, principal.userId))
    .limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await deps.loginThrottle.recordFailure(keys);
    throw new UnauthenticatedError('The current password is wrong', 'wrong_password');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(consoleUsers)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
      .where(eq(consoleUsers.id, user.id));
    await tx
      .update(consoleSessions)
      .set({ revokedAt: now })
      .where(
        and(
          eq(consoleSessions.userId, user.id),
          isNull(consoleSessions.revokedAt),
          ne(consoleSessions.id, principal.sessionId),
        ),
      );
  });
  await deps.loginThrottle.recordSuccess(keys);
}
