import {
  deleteInstanceQuery,
  deployRequest,
  eventsQuery,
  type Instance,
  instance,
  instanceEvent,
  instanceParams,
  logsQuery,
  page,
  pageQuery,
  scaleRequest,
  upgradeRequest,
} from '@berth/spec';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { type Access, scopeOf } from '../http/route-config.js';
import { deployInstance, getInstance } from './deploy-instance.js';
import {
  deleteInstance,
  rollbackInstance,
  scaleInstance,
  startInstance,
  stopInstance,
  upgradeInstance,
} from './instance-actions.js';
import { openLogs } from './instance-logs.js';
import { listEvents, listInstances } from './instance-queries.js';

const read = { access: { kind: 'account' as const, permission: 'instances.read' as const } };
const deploy: Access = { kind: 'account', permission: 'instances.deploy' };
const operate: Access = { kind: 'account', permission: 'instances.operate' };

/** What every path that runs containers answers when the account may not run them (R15). */
const containerPolicyNote =
  'Refused with 403 `container_policy` when a node of the version asks for privileged mode, the host PID namespace, capabilities, devices or host paths that the account’s container policy (set by a platform admin) does not allow; `errors[].path` names each field, e.g. `nodes[1].security.capabilities[0]`, and nothing changes.';

export function instanceRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/instances',
      {
        schema: {
          tags: ['instances'],
          summary:
            'Deploy a published version to a cluster (202: the status follows the deployment)',
          description: containerPolicyNote,
          body: deployRequest,
          response: { 202: instance },
        },
        config: {
          access: deploy,
          action: 'instances.deploy',
          auditTarget: (request) => `instances/${(request.body as { name?: string }).name ?? ''}`,
        },
      },
      async (request, reply) =>
        reply.status(202).send(await deployInstance(deps, scopeOf(request).tenant, request.body)),
    );
    app.get(
      '/api/v1/instances',
      {
        schema: {
          tags: ['instances'],
          summary: 'Instances of the account',
          querystring: pageQuery,
          response: { 200: page(instance) },
        },
        config: read,
      },
      async (request) => listInstances(deps, scopeOf(request).tenant, request.query),
    );
    app.get(
      '/api/v1/instances/:name',
      {
        schema: {
          tags: ['instances'],
          summary: 'One instance with the status of each node',
          params: instanceParams,
          response: { 200: instance },
        },
        config: read,
      },
      async (request) => getInstance(deps, scopeOf(request).tenant, request.params.name),
    );

    const action = (
      path: string,
      summary: string,
      access: Access,
      name: string,
      run: (request: FastifyRequest<{ Params: { name: string } }>) => Promise<Instance>,
      body?: z.ZodType,
    ) =>
      app.post(
        `/api/v1/instances/:name/${path}`,
        {
          schema: {
            tags: ['instances'],
            summary,
            // Stopping runs nothing, so the container policy never refuses it.
            ...(path === 'stop' ? {} : { description: containerPolicyNote }),
            params: instanceParams,
            ...(body ? { body } : {}),
            response: { 202: instance },
          },
          config: { access, action: name },
        },
        async (request, reply) => reply.status(202).send(await run(request as never)),
      );
    action(
      'upgrade',
      'Move to another published version (rolls back by itself if it fails)',
      deploy,
      'instances.upgrade',
      (r) =>
        upgradeInstance(
          deps,
          scopeOf(r).tenant,
          r.params.name,
          (r.body as { version: string }).version,
        ),
      upgradeRequest,
    );
    action(
      'rollback',
      'Go back to the version the instance ran before',
      deploy,
      'instances.rollback',
      (r) => rollbackInstance(deps, scopeOf(r).tenant, r.params.name),
    );
    action(
      'scale',
      "Set the replicas of one of the instance's nodes",
      operate,
      'instances.scale',
      (r) => {
        const body = r.body as { node: string; replicas: number };
        return scaleInstance(deps, scopeOf(r).tenant, r.params.name, body.node, body.replicas);
      },
      scaleRequest,
    );
    action('stop', 'Stop every node (containers are kept)', operate, 'instances.stop', (r) =>
      stopInstance(deps, scopeOf(r).tenant, r.params.name),
    );
    action('start', 'Start a stopped instance', operate, 'instances.start', (r) =>
      startInstance(deps, scopeOf(r).tenant, r.params.name),
    );

    app.delete(
      '/api/v1/instances/:name',
      {
        schema: {
          tags: ['instances'],
          summary: 'Delete an instance (its containers, network and — unless kept — data)',
          params: instanceParams,
          querystring: deleteInstanceQuery,
          response: { 202: instance },
        },
        config: { access: deploy, action: 'instances.delete' },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await deleteInstance(
              deps,
              scopeOf(request).tenant,
              request.params.name,
              request.query.keepData === 'true',
            ),
          ),
    );
    app.get(
      '/api/v1/instances/:name/events',
      {
        schema: {
          tags: ['instances'],
          summary: 'What happened to the instance, oldest first',
          params: instanceParams,
          querystring: eventsQuery,
          response: { 200: z.object({ items: z.array(instanceEvent) }) },
        },
        config: read,
      },
      async (request) => ({
        items: await listEvents(scopeOf(request).tenant, request.params.name, request.query.limit),
      }),
    );
    app.get(
      '/api/v1/instances/:name/logs',
      {
        schema: {
          tags: ['instances'],
          summary: "A node's standard output or log files (text; follow=true keeps streaming)",
          params: instanceParams,
          querystring: logsQuery,
        },
        config: read,
      },
      async (request, reply) => {
        const stream = await openLogs(
          deps,
          scopeOf(request).tenant,
          request.params.name,
          request.query,
        );
        request.raw.on('close', () => stream.destroy());
        return reply.type('text/plain; charset=utf-8').send(stream);
      },
    );
  };
}
