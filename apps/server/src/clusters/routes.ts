import {
  agentSettingsRequest,
  cluster,
  clusterParams,
  createClusterRequest,
  createdNode,
  createNodeRequest,
  node,
  nodeParams,
  page,
  pageQuery,
  registries,
  registriesRequest,
} from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { scopeOf } from '../http/route-config.js';
import {
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
  setAgentSettings,
} from './clusters.js';
import {
  createNode,
  deleteNode,
  getNode,
  listNodes,
  reissueJoinToken,
  revokeNode,
} from './nodes.js';
import { getRegistries, setRegistries } from './registries.js';

const read = { access: { kind: 'account' as const, permission: 'clusters.read' as const } };
const write = { kind: 'account' as const, permission: 'clusters.write' as const };

export function clusterRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/clusters',
      {
        schema: {
          tags: ['clusters'],
          summary: 'Create a cluster',
          body: createClusterRequest,
          response: { 201: cluster },
        },
        config: {
          access: write,
          action: 'clusters.create',
          auditTarget: (request) => `clusters/${(request.body as { name?: string }).name ?? ''}`,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createCluster(deps, scopeOf(request).tenant, request.body)),
    );
    app.get(
      '/api/v1/clusters',
      {
        schema: {
          tags: ['clusters'],
          summary: "The account's clusters and the shared ones",
          querystring: pageQuery,
          response: { 200: page(cluster) },
        },
        config: read,
      },
      async (request) => listClusters(deps, scopeOf(request).tenant, request.query),
    );
    app.get(
      '/api/v1/clusters/:cluster',
      {
        schema: {
          tags: ['clusters'],
          summary: 'One cluster',
          params: clusterParams,
          response: { 200: cluster },
        },
        config: read,
      },
      async (request) => getCluster(deps, scopeOf(request).tenant, request.params.cluster),
    );
    app.delete(
      '/api/v1/clusters/:cluster',
      {
        schema: {
          tags: ['clusters'],
          summary: 'Delete a cluster and its nodes',
          params: clusterParams,
          response: { 204: z.null() },
        },
        config: { access: write, action: 'clusters.delete' },
      },
      async (request, reply) => {
        await deleteCluster(deps, scopeOf(request).tenant, request.params.cluster);
        return reply.status(204).send(null);
      },
    );
    app.put(
      '/api/v1/clusters/:cluster/agent-settings',
      {
        schema: {
          tags: ['clusters'],
          summary: 'Settings of every agent of the cluster (a new desired state for all its nodes)',
          params: clusterParams,
          body: agentSettingsRequest,
          response: { 200: cluster },
        },
        config: { access: write, action: 'clusters.agent-settings.update' },
      },
      async (request) =>
        setAgentSettings(deps, scopeOf(request).tenant, request.params.cluster, request.body),
    );

    app.get(
      '/api/v1/clusters/:cluster/registries',
      {
        schema: {
          tags: ['clusters'],
          summary: "Registry mirrors and credentials of the cluster's hosts (no passwords)",
          params: clusterParams,
          response: { 200: registries },
        },
        config: read,
      },
      async (request) => getRegistries(scopeOf(request).tenant, request.params.cluster),
    );
    app.put(
      '/api/v1/clusters/:cluster/registries',
      {
        schema: {
          tags: ['clusters'],
          summary:
            'Set where the hosts pull images from: mirrors by registry, credentials (sealed)',
          params: clusterParams,
          body: registriesRequest,
          response: { 200: registries },
        },
        config: { access: write, action: 'clusters.registries.update' },
      },
      async (request) =>
        setRegistries(deps, scopeOf(request).tenant, request.params.cluster, request.body),
    );

    app.post(
      '/api/v1/clusters/:cluster/nodes',
      {
        schema: {
          tags: ['nodes'],
          summary: 'Create a node; the answer holds its single-use join command (shown once)',
          params: clusterParams,
          body: createNodeRequest,
          response: { 201: createdNode },
        },
        config: {
          access: write,
          action: 'nodes.create',
          auditTarget: (request) =>
            `clusters/${(request.params as { cluster: string }).cluster}/nodes/${(request.body as { name?: string }).name ?? ''}`,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createNode(deps, scopeOf(request).tenant, request.params.cluster, request.body),
          ),
    );
    app.get(
      '/api/v1/clusters/:cluster/nodes',
      {
        schema: {
          tags: ['nodes'],
          summary: 'Nodes of a cluster',
          params: clusterParams,
          querystring: pageQuery,
          response: { 200: page(node) },
        },
        config: read,
      },
      async (request) =>
        listNodes(deps, scopeOf(request).tenant, request.params.cluster, request.query),
    );
    app.get(
      '/api/v1/clusters/:cluster/nodes/:node',
      {
        schema: {
          tags: ['nodes'],
          summary: 'One node: status, last seen, facts',
          params: nodeParams,
          response: { 200: node },
        },
        config: read,
      },
      async (request) =>
        getNode(deps, scopeOf(request).tenant, request.params.cluster, request.params.node),
    );
    app.post(
      '/api/v1/clusters/:cluster/nodes/:node/revoke',
      {
        schema: {
          tags: ['nodes'],
          summary: 'Revoke a node: its session ends and it is refused from now on',
          params: nodeParams,
          response: { 200: node },
        },
        config: { access: write, action: 'nodes.revoke' },
      },
      async (request) =>
        revokeNode(deps, scopeOf(request).tenant, request.params.cluster, request.params.node),
    );
    app.post(
      '/api/v1/clusters/:cluster/nodes/:node/join-token',
      {
        schema: {
          tags: ['nodes'],
          summary: 'A new join token for a node that has not joined yet',
          params: nodeParams,
          response: { 201: createdNode },
        },
        config: { access: write, action: 'nodes.join-token.create' },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await reissueJoinToken(
              deps,
              scopeOf(request).tenant,
              request.params.cluster,
              request.params.node,
            ),
          ),
    );
    app.delete(
      '/api/v1/clusters/:cluster/nodes/:node',
      {
        schema: {
          tags: ['nodes'],
          summary: 'Delete a node (revoking it)',
          params: nodeParams,
          response: { 204: z.null() },
        },
        config: { access: write, action: 'nodes.delete' },
      },
      async (request, reply) => {
        await deleteNode(
          deps,
          scopeOf(request).tenant,
          request.params.cluster,
          request.params.node,
        );
        return reply.status(204).send(null);
      },
    );
  };
}
