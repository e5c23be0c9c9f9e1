import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { accounts, memberships, users } from '../db/schema.js';

export const platformAccountName = 'platform';
export const adminUsername = 'admin';

export interface FirstStartResult {
  /** Whether this start created the admin (false on every later start). */
  created: boolean;
  /** The password this start generated, when none was configured. */
  generatedPassword?: string;
}

/** 24 characters from a 62-letter alphabet: about 143 bits. */
export function randomPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(48);
  let out = '';
  for (const b of bytes) {
    if (b < 248 - (248 % alphabet.length) && out.length < 24) out += alphabet[b % alphabet.length];
  }
  return out.length === 24 ? out : randomPassword();
}

/**
 * On the first start, creates the platform account and its owner `admin`, who must
 * change the password at first sign-in. There are no default credentials: the password
 * is the configured one, or a random one the caller shows once. Idempotent, and safe
 * when several replicas start at once (the loser of the race finds the admin present).
 */
export async function ensurePlatformAdmin(
  deps: { database: Database; clock: Clock },
  configuredPassword: string | undefined,
): Promise<FirstStartResult> {
  const { db } = deps.database;
  return deps.database.exclusive(7_700_002, async () => {
    const [existing] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, adminUsername));
    if (existing) return { created: false };
    const password = configuredPassword ?? randomPassword();
    const passwordHash = await hashPassword(password);
    const now = deps.clock.now();
    await db.transaction(async (tx) => {
      let [platform] = await tx
        .select()
        .from(accounts)
        .where(eq(accounts.name, platformAccountName));
      if (!platform) {
        [platform] = await tx
          .insert(accounts)
          .values({
            id: randomUUID(),
            name: platformAccountName,
            type: 'platform',
            displayName: 'Platform',
            createdAt: now,
          })
          .returning();
      }
      const userId = randomUUID();
      await tx.insert(users).values({
        id: userId,
        username: adminUsername,
        displayName: 'Platform administrator',
        passwordHash,
        mustChangePassword: true,
        createdAt: now,
      });
      await tx
        .insert(memberships)
        .values({ accountId: platform!.id, userId, role: 'owner', createdAt: now });
    });
    return configuredPassword ? { created: true } : { created: true, generatedPassword: password };
  });
}
