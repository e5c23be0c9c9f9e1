import { randomUUID } from 'node:crypto';
import type { CreateUserRequest, User } from '@berth/spec';
import { asc, eq, gt } from 'drizzle-orm';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import { decodeCursor, toPage } from '../db/cursor.js';
import { isUniqueViolation } from '../db/errors.js';
import { users } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, NotFoundError } from '../errors.js';

type UserRow = typeof users.$inferSelect;

function toUser(row: UserRow): User {
  return {
    username: row.username,
    displayName: row.displayName,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Creates a user (platform administrators only; the route checks that). The user
 * belongs to no account until an account admin adds them.
 * @throws ConflictError (`user_exists`) when the username is taken.
 */
export async function createUser(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: CreateUserRequest,
): Promise<User> {
  assertPasswordPolicy(input.username, input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await deps.db
      .insert(users)
      .values({
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName ?? null,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? false,
        createdAt: deps.clock.now(),
      })
      .returning();
    return toUser(row!);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`A user named "${input.username}" already exists`, 'user_exists');
    }
    throw error;
  }
}

export async function listUsers(
  deps: Pick<AppDeps, 'db'>,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await deps.db
    .select()
    .from(users)
    .where(after ? gt(users.username, after) : undefined)
    .orderBy(asc(users.username))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.username);
  return { items: page.items.map(toUser), nextCursor: page.nextCursor };
}

export async function getUser(deps: Pick<AppDeps, 'db'>, username: string): Promise<User> {
  const [row] = await deps.db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!row) throw new NotFoundError(`User "${username}" not found`);
  return toUser(row);
}
