import {
  type AppSpec,
  type ContainerPolicy,
  checkContainerPolicy,
  type SetContainerPolicyRequest,
  setContainerPolicyRequest,
} from '@berth/spec';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { accounts } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

/**
 * The account container policy (R15): what the platform admin allows an account's
 * containers beyond the defaults — privileged, host PID, added capabilities, devices and
 * host paths (prefixes, matched segment by segment). Stored canonical on the account row;
 * the default allows nothing. `enforceContainerPolicy` is the one check every deploy path
 * goes through.
 */

type Parsed = ReturnType<typeof setContainerPolicyRequest.parse>;

/** Sorted and once each, so equal policies are stored (and audited) equally. */
function normalised(input: Parsed): ContainerPolicy {
  const set = (values: string[]) => [...new Set(values)].sort();
  return {
    privileged: input.privileged,
    hostPID: input.hostPID,
    capabilities: set(input.capabilities),
    devices: set(input.devices),
    hostPaths: set(input.hostPaths),
  };
}

/** The policy of the account with this name. @throws NotFoundError */
export async function getContainerPolicy(
  deps: Pick<AppDeps, 'db'>,
  account: string,
): Promise<ContainerPolicy> {
  const [row] = await deps.db
    .select({ policy: accounts.containerPolicy })
    .from(accounts)
    .where(eq(accounts.name, account));
  if (!row) throw new NotFoundError(`Account "${account}" not found`);
  return row.policy;
}

/**
 * Replaces the account's policy with `input` (already parsed to canonical form by the
 * route's schema; parsed again here so a caller in code cannot store a raw spelling).
 * Takes effect on the next deploy, upgrade, rollback, start or scale: running containers
 * are not touched. @throws NotFoundError
 */
export async function setContainerPolicy(
  deps: Pick<AppDeps, 'db'>,
  account: string,
  input: SetContainerPolicyRequest | Parsed,
): Promise<ContainerPolicy> {
  const policy = normalised(setContainerPolicyRequest.parse(input));
  const [row] = await deps.db
    .update(accounts)
    .set({ containerPolicy: policy })
    .where(eq(accounts.name, account))
    .returning({ policy: accounts.containerPolicy });
  if (!row) throw new NotFoundError(`Account "${account}" not found`);
  return row.policy;
}

/**
 * Refuses a spec that asks its containers for more than the account's policy allows.
 * Reads the policy with a share lock on the account row, in the caller's transaction: a
 * policy change waits for deployments in flight and every later one sees it, so a
 * tightened policy cannot be raced past. @throws ForbiddenError (`container_policy`) whose
 * `errors` name each refused field (`nodes[1].security.capabilities[0]`).
 */
export async function enforceContainerPolicy(scope: TenantScope, spec: AppSpec): Promise<void> {
  const policy = await lockedPolicy(scope.db, scope.accountId);
  const refused = checkContainerPolicy(spec, policy);
  if (refused.length === 0) return;
  const account = scope.accountName || 'this account';
  throw new ForbiddenError(
    `The container policy of account "${account}" does not allow ${refused.length === 1 ? 'what this version asks for' : `${refused.length} things this version asks for`}; the platform admin must allow them (PUT /api/v1/accounts/{account}/container-policy)`,
    'container_policy',
    refused.map((e) => ({ path: e.path, message: e.message })),
  );
}

async function lockedPolicy(db: Db, accountId: string): Promise<ContainerPolicy> {
  const [row] = await db
    .select({ policy: accounts.containerPolicy })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for('share');
  if (!row) throw new NotFoundError('The account no longer exists');
  return row.policy;
}
