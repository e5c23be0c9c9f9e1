import {
  databaseServer,
  databaseServerParams,
  page,
  registerDatabaseServerRequest,
} from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import {
  listDatabaseServers,
  registerDatabaseServer,
  removeDatabaseServer,
} from './database-servers.js';

const access = { kind: 'platform' as const, permission: 'platform.databases.manage' as const };

/** Database servers for managed nodes (platform administrators). */
export function databaseServerRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/database-servers',
      {
        schema: {
          tags: ['database servers'],
          summary: 'Register a Postgres or MySQL/MariaDB server for managed database nodes',
          body: registerDatabaseServerRequest,
          response: { 201: databaseServer },
        },
        config: {
          access,
          action: 'database-servers.register',
          auditTarget: (request) =>
            `database-servers/${(request.body as { name?: string }).name ?? ''}`,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await registerDatabaseServer(deps, request.body)),
    );
    app.get(
      '/api/v1/database-servers',
      {
        schema: {
          tags: ['database servers'],
          summary: 'Registered database servers',
          response: { 200: page(databaseServer) },
        },
        config: { access },
      },
      async () => listDatabaseServers(deps),
    );
    app.delete(
      '/api/v1/database-servers/:server',
      {
        schema: {
          tags: ['database servers'],
          summary: 'Remove a server that holds no instance database',
          params: databaseServerParams,
          response: { 204: z.null() },
        },
        config: { access, action: 'database-servers.remove' },
      },
      async (request, reply) => {
        await removeDatabaseServer(deps, request.params.server);
        return reply.status(204).send(null);
      },
    );
  };
}
