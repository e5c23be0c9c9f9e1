import { type MeResponse, meResponse } from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Principal, platformRole } from '../auth/principal.js';
import { principalOf } from '../http/route-config.js';

/** Who the caller is and where they belong; answered from the principal, no query. */
export function describeMe(principal: Principal): MeResponse {
  const pinned = principal.credential.accountId;
  return {
    user: {
      username: principal.username,
      displayName: principal.displayName,
      platformAdmin: platformRole(principal) !== null,
    },
    accounts: principal.memberships.map((m) => ({
      name: m.name,
      displayName: m.displayName,
      type: m.type,
      role: m.role,
    })),
    token: {
      kind: principal.credential.kind,
      account:
        pinned === null
          ? null
          : (principal.memberships.find((m) => m.accountId === pinned)?.name ?? null),
    },
  };
}

export function meRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user and their accounts',
          response: { 200: meResponse },
        },
        config: { access: { kind: 'user' } },
      },
      async (request) => describeMe(principalOf(request)),
    );
  };
}
