import { superConsoleUsername } from '@berth/spec';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { hashToken } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { accounts, clusters, consoleSessions, consoleUsers } from '../db/schema.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import type { Access } from '../http/route-config.js';

/** A console user and the cluster and account it belongs to (what audit rows name). */
export interface ConsoleIdentity {
  readonly userId: string;
  readonly username: string;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly accountId: string;
  readonly accountName: string;
}

/** Who is calling with a console session token. */
export interface ConsolePrincipal extends ConsoleIdentity {
  readonly sessionId: string;
  readonly superuser: boolean;
  readonly mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a console session token authenticated the request. */
    console: ConsolePrincipal | null;
    /** Set by console sign-in, which has no principal yet, for its audit row. */
    auditConsole: ConsoleIdentity | null;
  }
}

/**
 * Resolves a console session token: one indexed lookup joined to its user, cluster and
 * account. Not cached: console calls are few, and a deleted user or ended session must
 * stop working at once on every replica.
 * @throws UnauthenticatedError (`token_invalid`, `token_expired`).
 */
export async function authenticateConsole(
  deps: { db: Db; clock: Clock },
  token: string,
): Promise<ConsolePrincipal> {
  const [row] = await deps.db
    .select({
      session: consoleSessions,
      user: consoleUsers,
      cluster: { id: clusters.id, name: clusters.name },
      account: { id: accounts.id, name: accounts.name },
    })
    .from(consoleSessions)
    .innerJoin(consoleUsers, eq(consoleUsers.id, consoleSessions.userId))
    .innerJoin(clusters, eq(clusters.id, consoleSessions.clusterId))
    .innerJoin(accounts, eq(accounts.id, consoleSessions.accountId))
    .where(eq(consoleSessions.tokenHash, hashToken(token)))
    .limit(1);
  if (!row || row.session.revokedAt) {
    throw new UnauthenticatedError(
      'The console session is not valid: it ended or never existed',
      'token_invalid',
    );
  }
  if (row.session.expiresAt <= deps.clock.now()) {
    throw new UnauthenticatedError('The console session expired: sign in again', 'token_expired');
  }
  return {
    sessionId: row.session.id,
    userId: row.user.id,
    username: row.user.username,
    superuser: row.user.superuser,
    mustChangePassword: row.user.mustChangePassword,
    clusterId: row.cluster.id,
    clusterName: row.cluster.name,
    accountId: row.account.id,
    accountName: row.account.name,
  };
}

/**
 * The access check of a request carrying a console session token, on a route that takes
 * one. The session acts only on its own cluster: another cluster's name (or another
 * account's, in `Berth-Account`) answers 404, as for a name that does not exist. Until the
 * user has changed a password that must be changed, only the password change is allowed.
 * @throws UnauthenticatedError, NotFoundError, ForbiddenError.
 */
export async function checkConsoleAccess(
  deps: { db: Db; clock: Clock },
  request: FastifyRequest,
  token: string,
  access: Extract<Access, { kind: 'account' } | { kind: 'console' }>,
  account: string | undefined,
): Promise<void> {
  const principal = await authenticateConsole(deps, token);
  const cluster = (request.params as { cluster?: unknown }).cluster;
  if (
    cluster !== principal.clusterName ||
    (account !== undefined && account !== principal.accountName)
  ) {
    throw new NotFoundError(`Cluster "${String(cluster)}" not found`);
  }
  request.console = principal;
  if (principal.mustChangePassword && access.kind !== 'console') {
    throw new ForbiddenError(
      `You must change your password before anything else: POST /api/v1/clusters/${principal.clusterName}/console/password`,
      'password_change_required',
    );
  }
  if (access.kind === 'account' && access.console === 'superuser' && !principal.superuser) {
    throw new ForbiddenError(
      `Only the cluster's super account ${superConsoleUsername} may do this in the console`,
    );
  }
}

/** The console session of a route whose access is `console`. */
export function consolePrincipalOf(request: FastifyRequest): ConsolePrincipal {
  if (!request.console) throw new UnauthenticatedError('Sign in to the cluster console first');
  return request.console;
}
