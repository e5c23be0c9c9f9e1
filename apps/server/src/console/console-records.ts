import { randomUUID } from 'node:crypto';
import { type ConsoleUser, consoleClusterTypes, superConsoleUsername } from '@berth/spec';
import { hashPassword } from '../auth/passwords.js';
import type { ClusterRow } from '../clusters/cluster-records.js';
import type { consoleUsers } from '../db/schema.js';
import { ConflictError } from '../errors.js';

export type ConsoleUserRow = typeof consoleUsers.$inferSelect;

/** Whether clusters of `type` have a console: the on-site ones (see `consoleClusterTypes`). */
export function hasConsole(type: ClusterRow['type']): boolean {
  return (consoleClusterTypes as readonly string[]).includes(type);
}

/** @throws ConflictError (`console_not_available`) for a cluster without a console. */
export function assertHasConsole(cluster: ClusterRow): void {
  if (!hasConsole(cluster.type)) {
    throw new ConflictError(
      `Cluster "${cluster.name}" is of type ${cluster.type}: only edge clusters (${consoleClusterTypes.join(', ')}) have a cluster console`,
      'console_not_available',
    );
  }
}

/**
 * The super account a new edge cluster gets: `iotedgeadmin`, whose first password is
 * its own name (domain §7), so it must be changed at first sign-in. Hashed like every
 * password (argon2id, ~50 ms).
 */
export async function newSuperAccount(
  accountId: string,
  clusterId: string,
  now: Date,
): Promise<typeof consoleUsers.$inferInsert> {
  return {
    id: randomUUID(),
    accountId,
    clusterId,
    username: superConsoleUsername,
    mobile: null,
    superuser: true,
    passwordHash: await hashPassword(superConsoleUsername),
    mustChangePassword: true,
    createdAt: now,
    updatedAt: now,
  };
}

export function toConsoleUser(row: ConsoleUserRow): ConsoleUser {
  return {
    username: row.username,
    mobile: row.mobile,
    superuser: row.superuser,
    mustChangePassword: row.mustChangePassword,
    passwordChangedAt: row.passwordChangedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
