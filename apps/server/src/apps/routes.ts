import { app, appParams, createAppRequest, page, pageQuery } from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { scopeOf } from '../http/route-config.js';
import { createApp, deleteApp, getApp, listApps } from './apps.js';

export function appRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (server) => {
    server.post(
      '/api/v1/apps',
      {
        schema: {
          tags: ['apps'],
          summary: 'Create an app template (distribution × deployment as domain §1 allows)',
          body: createAppRequest,
          response: { 201: app },
        },
        config: {
          access: { kind: 'account', permission: 'apps.write' },
          action: 'apps.create',
          auditTarget: (request) => `apps/${(request.body as { name?: string }).name ?? ''}`,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createApp(deps, scopeOf(request).tenant, request.body)),
    );

    server.get(
      '/api/v1/apps',
      {
        schema: {
          tags: ['apps'],
          summary: 'Apps of the account',
          querystring: pageQuery,
          response: { 200: page(app) },
        },
        config: { access: { kind: 'account', permission: 'apps.read' } },
      },
      async (request) => listApps(scopeOf(request).tenant, request.query),
    );

    server.get(
      '/api/v1/apps/:app',
      {
        schema: { tags: ['apps'], summary: 'One app', params: appParams, response: { 200: app } },
        config: { access: { kind: 'account', permission: 'apps.read' } },
      },
      async (request) => getApp(scopeOf(request).tenant, request.params.app),
    );

    server.delete(
      '/api/v1/apps/:app',
      {
        schema: {
          tags: ['apps'],
          summary: 'Delete an app that was never published',
          params: appParams,
          response: { 204: z.null() },
        },
        config: { access: { kind: 'account', permission: 'apps.write' }, action: 'apps.delete' },
      },
      async (request, reply) => {
        await deleteApp(scopeOf(request).tenant, request.params.app);
        return reply.status(204).send(null);
      },
    );
  };
}
