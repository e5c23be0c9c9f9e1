import { randomUUID } from 'node:crypto';
import type { Account, CreateAccountRequest } from '@berth/spec';
import { isUniqueViolation } from '../db/errors.js';
import { accounts } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { ConflictError } from '../errors.js';
import { toAccount } from './account-queries.js';

/**
 * Creates an account (platform administrators only; the route checks that).
 * @throws ConflictError (`account_exists`) when the name is taken.
 */
export async function createAccount(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: CreateAccountRequest,
): Promise<Account> {
  try {
    const [row] = await deps.db
      .insert(accounts)
      .values({
        id: randomUUID(),
        name: input.name,
        type: input.type,
        displayName: input.displayName ?? null,
        createdAt: deps.clock.now(),
      })
      .returning();
    return toAccount(row!);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`An account named "${input.name}" already exists`, 'account_exists');
    }
    throw error;
  }
}
