import { canAssignRole, type Member, type Role } from '@berth/spec';
import { eq } from 'drizzle-orm';
import { memberships, users } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';

interface Caller {
  userId: string;
  role: Role;
}

/**
 * Gives `username` the role `role` in the scope's account, adding the membership when
 * there is none. Only owners grant or take away `owner`; the last owner cannot be
 * demoted. Runs in one transaction with the account's owner rows locked, so two
 * concurrent demotions cannot leave the account without an owner.
 * @throws NotFoundError (no such user); ForbiddenError (role not grantable by the caller);
 *   ConflictError (`last_owner`).
 */
export async function setMember(
  deps: Pick<AppDeps, 'clock' | 'authEvents'>,
  scope: TenantScope,
  caller: Caller,
  username: string,
  role: Role,
): Promise<Member> {
  const result = await scope.transaction(async (tx) => {
    const user = await findUser(tx, username);
    const current = await tx.first(memberships, eq(memberships.userId, user.id));
    assertMayChange(caller.role, current?.role, role);
    if (current?.role === 'owner' && role !== 'owner') await assertNotLastOwner(tx, user.id);
    const now = deps.clock.now();
    if (current) {
      await tx.update(memberships, { role }, eq(memberships.userId, user.id));
    } else {
      await tx.insert(memberships, { userId: user.id, role, createdAt: now });
    }
    return {
      userId: user.id,
      member: {
        username: user.username,
        displayName: user.displayName,
        role,
        addedAt: (current?.createdAt ?? now).toISOString(),
      },
    };
  });
  await deps.authEvents.changed({ userId: result.userId });
  return result.member;
}

/**
 * Removes `username` from the scope's account. The same rules as `setMember` apply.
 * @throws NotFoundError when the user is not a member.
 */
export async function removeMember(
  deps: Pick<AppDeps, 'authEvents'>,
  scope: TenantScope,
  caller: Caller,
  username: string,
): Promise<void> {
  const userId = await scope.transaction(async (tx) => {
    const user = await findUser(tx, username);
    const current = await tx.first(memberships, eq(memberships.userId, user.id));
    if (!current)
      throw new NotFoundError(`"${username}" is not a member of "${scope.accountName}"`);
    assertMayChange(caller.role, current.role, undefined);
    if (current.role === 'owner') await assertNotLastOwner(tx, user.id);
    await tx.delete(memberships, eq(memberships.userId, user.id));
    return user.id;
  });
  await deps.authEvents.changed({ userId });
}

async function findUser(scope: TenantScope, username: string) {
  const [user] = await scope.db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!user) throw new NotFoundError(`User "${username}" not found`);
  return user;
}

function assertMayChange(callerRole: Role, from: Role | undefined, to: Role | undefined) {
  for (const role of [from, to]) {
    if (role && !canAssignRole(callerRole, role)) {
      throw new ForbiddenError(`Only an owner may grant or take away the role "${role}"`);
    }
  }
}

async function assertNotLastOwner(scope: TenantScope, leavingUserId: string) {
  const owners = await scope.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(scope.where(memberships, eq(memberships.role, 'owner')))
    .for('update');
  if (owners.every((o) => o.userId === leavingUserId)) {
    throw new ConflictError(
      `"${scope.accountName}" would have no owner left: make someone else owner first`,
      'last_owner',
    );
  }
}
