import type { ChangePasswordRequest } from '@berth/spec';
import { and, eq, ne } from 'drizzle-orm';
import { credentials, users } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { InputError, UnauthenticatedError } from '../errors.js';
import { assertPasswordPolicy } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';

/**
 * Changes the caller's password after checking the current one (throttled like sign-in,
 * so a stolen session cannot guess it). Ends every other session of the user; personal
 * access tokens stay valid (they are revoked one by one).
 * @throws InputError naming `newPassword` when the new password is unacceptable;
 *   UnauthenticatedError when the current password is wrong.
 */
export async function changePassword(
  deps: Pick<AppDeps, 'db' | 'clock' | 'loginThrottle' | 'authEvents' | 'onPasswordChanged'>,
  principal: Principal,
  input: ChangePasswordRequest & { sourceIp: string },
): Promise<void> {
  if (input.newPassword === input.currentPassword) {
    throw new InputError('The new password must differ from the current one', [
      { path: 'newPassword', in: 'body', message: 'must differ from the current password' },
    ]);
  }
  assertPasswordPolicy(principal.username, input.newPassword, 'newPassword');
  const keys = { user: principal.username, address: input.sourceIp };
  await deps.loginThrottle.assertNotLocked(keys);
  const [user] = await deps.db.select().from(users).where(eq(users.id, principal.userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await deps.loginThrottle.recordFailure(keys);
    throw new UnauthenticatedError('The current password is wrong', 'wrong_password');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now })
      .where(eq(users.id, user.id));
    await tx
      .update(credentials)
      .set({ revokedAt: now })
      .where(
        and(
          eq(credentials.userId, user.id),
          eq(credentials.kind, 'session'),
          ne(credentials.id, principal.credential.id),
        ),
      );
  });
  await deps.loginThrottle.recordSuccess(keys);
  await deps.authEvents.changed({ userId: user.id });
  deps.onPasswordChanged?.(user.username);
}
