import { randomUUID } from 'node:crypto';
import type { LoginRequest, LoginResponse } from '@berth/spec';
import { eq } from 'drizzle-orm';
import { credentials, users } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { UnauthenticatedError } from '../errors.js';
import { verifyNothing, verifyPassword } from './passwords.js';
import { generateToken } from './tokens.js';

/** A failed sign-in; names the user when the username exists (for the audit log). */
export class LoginFailedError extends UnauthenticatedError {
  constructor(readonly user: { id: string; username: string } | null) {
    super('Wrong username or password', 'login_failed');
  }
}

export interface LoginResult extends LoginResponse {
  userId: string;
}

/**
 * Signs a user in with username and password and opens a session.
 * Throttled per username and per source address: see `LoginThrottle`.
 * @throws TooManyRequestsError while locked; LoginFailedError on a wrong username or
 *   password (the same answer for both, in the same time).
 */
export async function login(
  deps: Pick<AppDeps, 'db' | 'clock' | 'loginThrottle' | 'settings'>,
  input: LoginRequest & { sourceIp: string },
): Promise<LoginResult> {
  const name = input.username.toLowerCase();
  const keys = { user: name, address: input.sourceIp };
  await deps.loginThrottle.assertNotLocked(keys);

  const [user] = await deps.db.select().from(users).where(eq(users.username, name)).limit(1);
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyNothing(input.password);
  if (!user || !ok) {
    await deps.loginThrottle.recordFailure(keys);
    throw new LoginFailedError(user ? { id: user.id, username: user.username } : null);
  }
  await deps.loginThrottle.recordSuccess(keys);

  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.settings.sessionTtlMs);
  const token = generateToken('session');
  await deps.db.insert(credentials).values({
    id: randomUUID(),
    kind: 'session',
    userId: user.id,
    prefix: token.prefix,
    tokenHash: token.hash,
    createdAt: now,
    expiresAt,
  });
  return {
    token: token.token,
    expiresAt: expiresAt.toISOString(),
    user: { username: user.username, displayName: user.displayName },
    mustChangePassword: user.mustChangePassword,
    userId: user.id,
  };
}
