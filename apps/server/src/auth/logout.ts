import { eq } from 'drizzle-orm';
import { credentials } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import type { Principal } from './principal.js';

/**
 * Ends the session the request came with. A personal access token is left alone:
 * it is revoked through DELETE /api/v1/tokens/{id}, never by signing out.
 */
export async function logout(
  deps: Pick<AppDeps, 'db' | 'clock' | 'authEvents'>,
  principal: Principal,
): Promise<void> {
  if (principal.credential.kind !== 'session') return;
  await deps.db
    .update(credentials)
    .set({ revokedAt: deps.clock.now() })
    .where(eq(credentials.id, principal.credential.id));
  await deps.authEvents.changed({ tokenHash: principal.credential.tokenHash });
}
