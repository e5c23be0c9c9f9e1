import {
  createdToken,
  createTokenRequest,
  page,
  pageQuery,
  tokenIdParams,
  tokenInfo,
} from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { principalOf } from '../http/route-config.js';
import { createToken } from './create-token.js';
import { listTokens, revokeToken } from './token-queries.js';

export function tokenRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create a personal access token (shown once)',
          body: createTokenRequest,
          response: { 201: createdToken },
        },
        config: { access: { kind: 'user' }, action: 'tokens.create', auditTarget: () => 'tokens' },
      },
      async (request, reply) => {
        const created = await createToken(deps, principalOf(request), request.body);
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/api/v1/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Your personal access tokens (without their secrets)',
          querystring: pageQuery,
          response: { 200: page(tokenInfo) },
        },
        config: { access: { kind: 'user' } },
      },
      async (request) => listTokens(deps, principalOf(request), request.query),
    );

    app.delete(
      '/api/v1/tokens/:id',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke one of your personal access tokens',
          params: tokenIdParams,
          response: { 204: z.null() },
        },
        config: { access: { kind: 'user' }, action: 'tokens.revoke' },
      },
      async (request, reply) => {
        await revokeToken(deps, principalOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
