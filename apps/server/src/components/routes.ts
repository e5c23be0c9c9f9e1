import {
  clusterComponent,
  clusterParams,
  componentParams,
  initialiseComponentRequest,
  page,
} from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';
import { scopeOf } from '../http/route-config.js';
import { getComponent, initialiseComponent, listComponents } from './components.js';

const tags = ['components'];
const read = { access: { kind: 'account' as const, permission: 'clusters.read' as const } };

/** Base components of edge-appliance clusters: the catalog with its status, and initialising. */
export function componentRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/clusters/:cluster/components',
      {
        schema: {
          tags,
          summary:
            'The base components of an edge-appliance cluster, with their status on its hosts',
          params: clusterParams,
          response: { 200: page(clusterComponent) },
        },
        config: read,
      },
      async (request) => listComponents(deps, scopeOf(request).tenant, request.params.cluster),
    );
    app.get(
      '/api/v1/clusters/:cluster/components/:component',
      {
        schema: {
          tags,
          summary: 'One base component and its status on each host',
          params: componentParams,
          response: { 200: clusterComponent },
        },
        config: read,
      },
      async (request) =>
        getComponent(
          deps,
          scopeOf(request).tenant,
          request.params.cluster,
          request.params.component,
        ),
    );
    app.post(
      '/api/v1/clusters/:cluster/components/:component/initialise',
      {
        schema: {
          tags,
          summary:
            'Initialise a base component on every host (or those named); idempotent, answers at once',
          params: componentParams,
          body: initialiseComponentRequest,
          response: { 202: clusterComponent },
        },
        config: {
          access: { kind: 'account', permission: 'clusters.write' },
          action: 'clusters.components.initialise',
        },
        // The body is optional ("every host"): no body reads as an empty one (a JSON
        // null is still refused by the schema).
        preValidation: async (request) => {
          if (request.body === undefined) request.body = {};
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await initialiseComponent(
              deps,
              scopeOf(request).tenant,
              request.params.cluster,
              request.params.component,
              request.body,
            ),
          ),
    );
  };
}
