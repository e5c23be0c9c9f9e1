import { createUserRequest, page, pageQuery, user, userParams } from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';
import { createUser, getUser, listUsers } from './users.js';

export function userRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user (platform administrators)',
          body: createUserRequest,
          response: { 201: user },
        },
        config: {
          access: { kind: 'platform', permission: 'platform.users.manage' },
          action: 'users.create',
          auditTarget: (request) =>
            `users/${(request.body as { username?: string }).username ?? ''}`,
        },
      },
      async (request, reply) => reply.status(201).send(await createUser(deps, request.body)),
    );

    app.get(
      '/api/v1/users',
      {
        schema: {
          tags: ['users'],
          summary: 'All users (platform administrators)',
          querystring: pageQuery,
          response: { 200: page(user) },
        },
        config: { access: { kind: 'platform', permission: 'platform.users.manage' } },
      },
      async (request) => listUsers(deps, request.query),
    );

    app.get(
      '/api/v1/users/:username',
      {
        schema: {
          tags: ['users'],
          summary: 'One user (platform administrators)',
          params: userParams,
          response: { 200: user },
        },
        config: { access: { kind: 'platform', permission: 'platform.users.manage' } },
      },
      async (request) => getUser(deps, request.params.username),
    );
  };
}
