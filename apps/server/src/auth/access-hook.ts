import '@fastify/cookie';
import { type AccountType, can, type Permission, type Role } from '@berth/spec';
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { checkConsoleAccess } from '../console/console-access.js';
import type { Db } from '../db/database.js';
import { accounts } from '../db/schema.js';
import { TenantScope } from '../db/tenant-scope.js';
import { BadRequestError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import type { RequestScope } from '../http/route-config.js';
import type { AuthCache } from './auth-cache.js';
import { authenticate, type Principal, platformRole } from './principal.js';
import { isConsoleToken } from './tokens.js';

export const sessionCookie = 'berth_session';
export const accountHeader = 'berth-account';

export interface AccessDeps {
  db: Db;
  clock: Clock;
  authCache: AuthCache;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The single gate of every route: authenticates the caller, holds back users who must
 * change their password, resolves the account the request acts in and checks the role's
 * permission there, all before the body is parsed. Another account's name answers 404,
 * exactly like a name that does not exist.
 */
export function accessHook(deps: AccessDeps) {
  return async function checkAccess(request: FastifyRequest, _reply: FastifyReply) {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;

    const { token, fromCookie } = credentialOf(request);
    const takesConsole = access.kind === 'console' || (access.kind === 'account' && access.console);
    if (takesConsole && !fromCookie && isConsoleToken(token)) {
      await checkConsoleAccess(deps, request, token, access, headerAccount(request));
      return;
    }
    const principal = await authenticate(deps, token);
    request.principal = principal;
    if (fromCookie && !safeMethods.has(request.method)) assertSameOrigin(request);
    if (access.kind === 'console') {
      throw new ForbiddenError(
        'This is a cluster console route: sign in with POST /api/v1/clusters/{cluster}/console/login and use that session',
        'console_session_required',
      );
    }

    const mayActDuringChange = access.kind === 'user' && access.duringPasswordChange === true;
    if (principal.mustChangePassword && !mayActDuringChange) {
      throw new ForbiddenError(
        'You must change your password before anything else: POST /api/v1/auth/password (berth login does it for you)',
        'password_change_required',
      );
    }
    if (access.kind === 'user') return;
    if (access.kind === 'platform') {
      request.scope = platformScope(deps, principal, access.permission);
      return;
    }
    const name = access.kind === 'account-param' ? paramAccount(request) : headerAccount(request);
    const scope = await resolveScope(deps, principal, name);
    // Set before the permission check, so a refusal is audited in the account it hit.
    request.scope = scope;
    if (!can(scope.role, access.permission, scope.account.type)) {
      throw new ForbiddenError(
        `Your role "${scope.role}" in account "${scope.account.name}" does not allow ${access.permission}; ask an owner or admin of the account`,
      );
    }
  };
}

function credentialOf(request: FastifyRequest): { token: string; fromCookie: boolean } {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new UnauthenticatedError(
        'The Authorization header must be "Bearer <token>"',
        'unsupported_authorization',
      );
    }
    return { token: match[1]!, fromCookie: false };
  }
  const cookie = request.cookies?.[sessionCookie];
  if (cookie) return { token: cookie, fromCookie: true };
  throw new UnauthenticatedError(
    'Sign in first: send "Authorization: Bearer <token>" with a token from POST /api/v1/auth/login or POST /api/v1/tokens',
  );
}

/** Cookies ride along on cross-site requests; a state change must come from our own pages. */
function assertSameOrigin(request: FastifyRequest): void {
  const fetchSite = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  let crossSite = fetchSite === 'cross-site';
  if (origin && origin !== 'null') {
    try {
      crossSite ||= new URL(origin).host !== request.headers.host;
    } catch {
      crossSite = true;
    }
  }
  if (crossSite) {
    throw new ForbiddenError(
      'Cross-site requests cannot use the session cookie',
      'cross_site_request',
    );
  }
}

/** Platform routes act in the caller's platform account (so audit rows land there). */
function platformScope(
  deps: AccessDeps,
  principal: Principal,
  permission: Permission,
): RequestScope {
  const role = platformRole(principal);
  const m = principal.memberships.find((x) => x.type === 'platform');
  const pinned = principal.credential.accountId;
  if (
    !role ||
    !m ||
    (pinned !== null && pinned !== m.accountId) ||
    !can(role, permission, 'platform')
  ) {
    throw new ForbiddenError(`Only platform administrators may do this (${permission})`);
  }
  return {
    account: { id: m.accountId, name: m.name, type: m.type },
    role,
    tenant: new TenantScope(deps.db, m.accountId, m.name),
  };
}

function paramAccount(request: FastifyRequest): string {
  const name = (request.params as { account?: unknown }).account;
  if (typeof name !== 'string') throw new BadRequestError('The path names no account');
  return name;
}

function headerAccount(request: FastifyRequest): string | undefined {
  const value = request.headers[accountHeader];
  if (Array.isArray(value)) throw new BadRequestError('Send one Berth-Account header, not several');
  return value === undefined || value === '' ? undefined : value;
}

async function resolveScope(
  deps: AccessDeps,
  principal: Principal,
  name: string | undefined,
): Promise<RequestScope> {
  const pinned = principal.credential.accountId;
  let chosen: { id: string; name: string; type: AccountType; role: Role } | undefined;
  if (name !== undefined) {
    const m = principal.memberships.find((x) => x.name === name);
    chosen = m ? { id: m.accountId, name: m.name, type: m.type, role: m.role } : undefined;
    chosen ??= await asPlatformAdmin(deps.db, principal, name);
    if (!chosen) throw new NotFoundError(`Account "${name}" not found`);
  } else if (pinned !== null) {
    const m = principal.memberships.find((x) => x.accountId === pinned);
    if (!m)
      throw new ForbiddenError('This token is pinned to an account you are no longer a member of');
    chosen = { id: m.accountId, name: m.name, type: m.type, role: m.role };
  } else {
    const all = principal.memberships;
    if (all.length === 0) {
      throw new ForbiddenError(
        'You are not a member of any account: ask an account admin to add you',
        'no_account',
      );
    }
    if (all.length > 1) {
      throw new BadRequestError(
        `You are a member of several accounts (${all.map((m) => m.name).join(', ')}): choose one with the Berth-Account header (CLI: --account NAME)`,
        'account_required',
      );
    }
    const m = all[0]!;
    chosen = { id: m.accountId, name: m.name, type: m.type, role: m.role };
  }
  if (pinned !== null && chosen.id !== pinned) {
    const pinnedName =
      principal.memberships.find((x) => x.accountId === pinned)?.name ?? 'another account';
    throw new ForbiddenError(
      `This token acts only in account "${pinnedName}"`,
      'token_account_mismatch',
    );
  }
  return {
    account: { id: chosen.id, name: chosen.name, type: chosen.type },
    role: chosen.role,
    tenant: new TenantScope(deps.db, chosen.id, chosen.name),
  };
}

/**
 * Platform administrators look after every account of the installation, so they act in
 * any account with the rights of its owners (someone has to appoint a new account's
 * first owner).
 */
async function asPlatformAdmin(db: Db, principal: Principal, name: string) {
  const role = platformRole(principal);
  if (role !== 'owner' && role !== 'admin') return undefined;
  const [row] = await db.select().from(accounts).where(eq(accounts.name, name)).limit(1);
  return row ? { id: row.id, name: row.name, type: row.type, role: 'owner' as const } : undefined;
}
