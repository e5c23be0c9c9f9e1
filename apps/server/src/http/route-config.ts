import type { AccountType, Permission, Role } from '@berth/spec';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

/**
 * Who may call a route, declared on the route itself (`config.access`) and enforced by
 * one hook (`auth/access-hook.ts`) before the body is even validated:
 * - `public`: anyone (sign-in, health, the API reference).
 * - `user`: any signed-in user; the route acts on the user, not on an account.
 * - `account`: a member of the account the request acts in (the `Berth-Account` header,
 *   else the token's account, else the user's only account) holding `permission`.
 * - `account-param`: the same, with the account named by the `:account` path parameter.
 * - `platform`: a member of a platform account holding `permission`.
 * - `console`: a cluster console session (`bcon_…`) of the `:cluster` in the path.
 * An `account` route with `console` also takes a console session of its `:cluster`:
 * any console user of it (`member`), or only the super account (`superuser`).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user'; duringPasswordChange?: boolean }
  | { kind: 'account'; permission: Permission; console?: 'member' | 'superuser' }
  | { kind: 'console' }
  | { kind: 'account-param'; permission: Permission }
  | { kind: 'platform'; permission: Permission };

/** The account a request acts in, with the caller's role there. */
export interface RequestScope {
  readonly account: { readonly id: string; readonly name: string; readonly type: AccountType };
  readonly role: Role;
  readonly tenant: TenantScope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The audit action of a mutating route, e.g. `accounts.create`. */
    action?: string;
    /** What the audit row names as the target; defaults to the request path. */
    auditTarget?: (request: FastifyRequest) => string | null;
  }
  interface FastifyRequest {
    principal: Principal | null;
    scope: RequestScope | null;
    /** Set by routes that identify a user without a principal (sign-in). */
    auditUser: { id: string; username: string } | null;
  }
}

/** The caller, in a route whose access is not `public`. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError('Sign in first');
  return request.principal;
}

/** The account scope, in a route whose access is `account` or `account-param`. */
export function scopeOf(request: FastifyRequest): RequestScope {
  if (!request.scope) throw new ForbiddenError('This route needs an account');
  return request.scope;
}
