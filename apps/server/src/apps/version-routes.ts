import {
  appParams,
  appSpecSchema,
  createVersionRequest,
  diffQuery,
  page,
  pageQuery,
  specChanges,
  versionParams,
  versionResponse,
  versionSummary,
} from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { scopeOf } from '../http/route-config.js';
import { validatorCompiler } from '../http/validation.js';
import { etagOf, toVersion } from './app-records.js';
import { deleteDraft, publishVersion, putDraftSpec } from './draft-lifecycle.js';
import { createVersion, diffVersions, getVersion, listVersions } from './versions.js';

const read = { access: { kind: 'account' as const, permission: 'apps.read' as const } };
const write = { kind: 'account' as const, permission: 'apps.write' as const };

/** The app spec is checked whole by `validateAppSpec` (shape and rules, one error list). */
const acceptAnyBody = () => (data: unknown) => ({ value: data });

export function versionRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (server) => {
    server.post(
      '/api/v1/apps/:app/versions',
      {
        schema: {
          tags: ['versions'],
          summary: 'Create a draft: initial (empty), upgrade or patch (a copy of `from`)',
          params: appParams,
          body: createVersionRequest,
          response: { 201: versionResponse },
        },
        config: {
          access: write,
          action: 'versions.create',
          auditTarget: (request) =>
            `apps/${(request.params as { app: string }).app}/versions/${(request.body as { version?: string }).version ?? ''}`,
        },
      },
      async (request, reply) => {
        const created = await createVersion(
          deps,
          scopeOf(request).tenant,
          request.params.app,
          request.body,
        );
        return reply.status(201).header('etag', etagOf(created.row)).send(created.version);
      },
    );

    server.get(
      '/api/v1/apps/:app/versions',
      {
        schema: {
          tags: ['versions'],
          summary: 'Versions of an app, newest first',
          params: appParams,
          querystring: pageQuery,
          response: { 200: page(versionSummary) },
        },
        config: read,
      },
      async (request) => listVersions(scopeOf(request).tenant, request.params.app, request.query),
    );

    server.get(
      '/api/v1/apps/:app/versions/:version',
      {
        schema: {
          tags: ['versions'],
          summary: 'One version with its spec; the ETag is what PUT …/spec needs in If-Match',
          params: versionParams,
          response: { 200: versionResponse },
        },
        config: read,
      },
      async (request, reply) => {
        const { app, row } = await getVersion(
          scopeOf(request).tenant,
          request.params.app,
          request.params.version,
        );
        return reply.header('etag', etagOf(row)).send(toVersion(app, row));
      },
    );

    server.put(
      '/api/v1/apps/:app/versions/:version/spec',
      {
        schema: {
          tags: ['versions'],
          summary:
            'Replace the spec of a draft (If-Match: the ETag of GET); 422 lists every problem with its path',
          params: versionParams,
          body: appSpecSchema,
          headers: z.object({ 'if-match': z.string().max(200).optional() }),
          response: { 200: versionResponse },
        },
        validatorCompiler: (route) =>
          route.httpPart === 'body' ? acceptAnyBody() : validatorCompiler(route as never),
        config: { access: write, action: 'versions.spec.update' },
      },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const result = await putDraftSpec(
          deps,
          scopeOf(request).tenant,
          request.params,
          request.body,
          ifMatch,
        );
        return reply.header('etag', result.etag).send(result.version);
      },
    );

    server.post(
      '/api/v1/apps/:app/versions/:version/publish',
      {
        schema: {
          tags: ['versions'],
          summary: 'Publish a draft: it never changes again',
          params: versionParams,
          response: { 200: versionResponse },
        },
        config: {
          access: { kind: 'account', permission: 'apps.publish' },
          action: 'versions.publish',
        },
      },
      async (request) => publishVersion(deps, scopeOf(request).tenant, request.params),
    );

    server.get(
      '/api/v1/apps/:app/versions/:version/diff',
      {
        schema: {
          tags: ['versions'],
          summary: 'What changes from this version to `to`, in sentences',
          params: versionParams,
          querystring: diffQuery,
          response: { 200: specChanges },
        },
        config: read,
      },
      async (request) => ({
        items: await diffVersions(
          scopeOf(request).tenant,
          request.params.app,
          request.params.version,
          request.query.to,
        ),
      }),
    );

    server.delete(
      '/api/v1/apps/:app/versions/:version',
      {
        schema: {
          tags: ['versions'],
          summary: 'Delete a draft',
          params: versionParams,
          response: { 204: z.null() },
        },
        config: { access: write, action: 'versions.delete' },
      },
      async (request, reply) => {
        await deleteDraft(scopeOf(request).tenant, request.params);
        return reply.status(204).send(null);
      },
    );
  };
}
