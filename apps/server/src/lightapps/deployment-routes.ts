import {
  createLightDeploymentRequest,
  eventsQuery,
  type LightAppEvent,
  lightAppEvent,
  lightAppParams,
  lightDeployment,
  lightDeploymentParams,
  lightLogsQuery,
  page,
  pageQuery,
} from '@berth/spec';
import { desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { nodeEvents, nodes } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { scopeOf } from '../http/route-config.js';
import { lightWorkloadId } from './compile-process.js';
import { openLightLogs } from './light-app-logs.js';
import { findLightApp } from './light-app-records.js';
import { deployLightApp, getLightDeployment, listLightDeployments } from './light-deployments.js';

/**
 * What the hosts' agents reported about a light app, oldest first. Read by workload id
 * (which holds the app's id), not by account: on a shared cluster the host and its events
 * belong to the platform.
 */
async function listLightEvents(
  scope: TenantScope,
  name: string,
  limit: number,
): Promise<LightAppEvent[]> {
  const app = await findLightApp(scope, name);
  const rows = await scope.db
    .select({ event: nodeEvents, host: nodes.name })
    .from(nodeEvents)
    .innerJoin(nodes, eq(nodes.id, nodeEvents.nodeId))
    .where(eq(nodeEvents.workload, lightWorkloadId(app)))
    .orderBy(desc(nodeEvents.time))
    .limit(limit);
  return rows.reverse().map(({ event, host }) => ({
    time: event.time.toISOString(),
    host,
    reason: event.reason,
    message: event.message,
  }));
}

/** Deployments of light apps to hosts, their per-host progress, and the hosts' events. */
export function lightDeploymentRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (server) => {
    server.post(
      '/api/v1/lightapps/:lightapp/deployments',
      {
        schema: {
          tags: ['lightapps'],
          summary:
            'Deploy a published version to hosts of a cluster (replaces the version they ran)',
          params: lightAppParams,
          body: createLightDeploymentRequest,
          response: { 202: z.object({ id: z.string() }) },
        },
        config: {
          access: { kind: 'account', permission: 'lightapps.deploy' },
          action: 'lightapps.deploy',
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await deployLightApp(
              deps,
              scopeOf(request).tenant,
              request.params.lightapp,
              request.body,
            ),
          ),
    );

    server.get(
      '/api/v1/lightapps/:lightapp/deployments',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'The deployments of a light app, newest first, with each host’s progress',
          params: lightAppParams,
          querystring: pageQuery,
          response: { 200: page(lightDeployment) },
        },
        config: { access: { kind: 'account', permission: 'lightapps.read' } },
      },
      async (request) =>
        listLightDeployments(scopeOf(request).tenant, request.params.lightapp, request.query),
    );

    server.get(
      '/api/v1/lightapps/:lightapp/deployments/:deployment',
      {
        schema: {
          tags: ['lightapps'],
          summary:
            'A deployment and each host’s progress (queued, downloading, starting, running, failed)',
          params: lightDeploymentParams,
          response: { 200: lightDeployment },
        },
        config: { access: { kind: 'account', permission: 'lightapps.read' } },
      },
      async (request) =>
        getLightDeployment(
          scopeOf(request).tenant,
          request.params.lightapp,
          request.params.deployment,
        ),
    );

    server.get(
      '/api/v1/lightapps/:lightapp/events',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'What the hosts reported about the app, oldest first',
          params: lightAppParams,
          querystring: eventsQuery,
          response: { 200: z.object({ items: z.array(lightAppEvent) }) },
        },
        config: { access: { kind: 'account', permission: 'lightapps.read' } },
      },
      async (request) => ({
        items: await listLightEvents(
          scopeOf(request).tenant,
          request.params.lightapp,
          request.query.limit,
        ),
      }),
    );

    server.get(
      '/api/v1/lightapps/:lightapp/logs',
      {
        schema: {
          tags: ['lightapps'],
          summary: "The program's output on one host (text; follow=true keeps streaming)",
          params: lightAppParams,
          querystring: lightLogsQuery,
        },
        config: { access: { kind: 'account', permission: 'lightapps.read' } },
      },
      async (request, reply) => {
        const stream = await openLightLogs(
          deps,
          scopeOf(request).tenant,
          request.params.lightapp,
          request.query,
        );
        request.raw.on('close', () => stream.destroy());
        return reply.type('text/plain; charset=utf-8').send(stream);
      },
    );
  };
}
