import { Readable } from 'node:stream';
import {
  createLightAppRequest,
  createVersionRequest,
  lightApp,
  lightAppConfig,
  lightAppParams,
  lightAppVersion,
  lightAppVersionParams,
  page,
  pageQuery,
} from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { BadRequestError } from '../errors.js';
import { scopeOf } from '../http/route-config.js';
import { lightEtagOf, toLightVersion } from './light-app-records.js';
import { createLightApp, deleteLightApp, getLightApp, listLightApps } from './light-apps.js';
import {
  defaultPackageLimit,
  publishLightVersion,
  putLightConfig,
  uploadPackage,
} from './light-drafts.js';
import {
  createLightVersion,
  deleteLightDraft,
  getLightVersion,
  listLightVersions,
} from './light-versions.js';

const read = { access: { kind: 'account' as const, permission: 'lightapps.read' as const } };
const write = { kind: 'account' as const, permission: 'lightapps.write' as const };
const ifMatchHeader = z.object({ 'if-match': z.string().max(200).optional() });

/** Media types a package may be sent as; the bytes decide whether it is a zip or a tar.gz. */
const packageTypes = [
  'application/octet-stream',
  'application/zip',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
];

/** Light apps and their versions (domain §8): create, draft, upload, configure, publish. */
export function lightAppRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const maxBytes = deps.settings.packageLimit ?? defaultPackageLimit;
  return async (server) => {
    // Packages stream into the blob store, which enforces the limit while hashing.
    server.addContentTypeParser(packageTypes, (_request, payload, done) => done(null, payload));

    server.post(
      '/api/v1/lightapps',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'Create a light app (Python, Node.js, or C for one arch)',
          body: createLightAppRequest,
          response: { 201: lightApp },
        },
        config: {
          access: write,
          action: 'lightapps.create',
          auditTarget: (request) => `lightapps/${(request.body as { name?: string }).name ?? ''}`,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createLightApp(deps, scopeOf(request).tenant, request.body)),
    );

    server.get(
      '/api/v1/lightapps',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'Light apps of the account',
          querystring: pageQuery,
          response: { 200: page(lightApp) },
        },
        config: read,
      },
      async (request) => listLightApps(scopeOf(request).tenant, request.query),
    );

    server.get(
      '/api/v1/lightapps/:lightapp',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'One light app',
          params: lightAppParams,
          response: { 200: lightApp },
        },
        config: read,
      },
      async (request) => getLightApp(scopeOf(request).tenant, request.params.lightapp),
    );

    server.delete(
      '/api/v1/lightapps/:lightapp',
      {
        schema: {
          tags: ['lightapps'],
          summary:
            'Delete a light app: its versions, its deployments, and its program on every host',
          params: lightAppParams,
          response: { 204: z.null() },
        },
        config: { access: write, action: 'lightapps.delete' },
      },
      async (request, reply) => {
        await deleteLightApp(deps, scopeOf(request).tenant, request.params.lightapp);
        return reply.status(204).send(null);
      },
    );

    server.post(
      '/api/v1/lightapps/:lightapp/versions',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'Create a draft: initial (empty), upgrade or patch (a copy of `from`)',
          params: lightAppParams,
          body: createVersionRequest,
          response: { 201: lightAppVersion },
        },
        config: {
          access: write,
          action: 'lightapps.versions.create',
          auditTarget: (request) =>
            `lightapps/${(request.params as { lightapp: string }).lightapp}/versions/${(request.body as { version?: string }).version ?? ''}`,
        },
      },
      async (request, reply) => {
        const created = await createLightVersion(
          deps,
          scopeOf(request).tenant,
          request.params.lightapp,
          request.body,
        );
        return reply.status(201).header('etag', lightEtagOf(created.row)).send(created.version);
      },
    );

    server.get(
      '/api/v1/lightapps/:lightapp/versions',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'Versions of a light app, newest first',
          params: lightAppParams,
          querystring: pageQuery,
          response: { 200: page(lightAppVersion) },
        },
        config: read,
      },
      async (request) =>
        listLightVersions(scopeOf(request).tenant, request.params.lightapp, request.query),
    );

    server.get(
      '/api/v1/lightapps/:lightapp/versions/:version',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'One version; the ETag may be sent back in If-Match',
          params: lightAppVersionParams,
          response: { 200: lightAppVersion },
        },
        config: read,
      },
      async (request, reply) => {
        const { app, row } = await getLightVersion(
          scopeOf(request).tenant,
          request.params.lightapp,
          request.params.version,
        );
        return reply.header('etag', lightEtagOf(row)).send(toLightVersion(app, row));
      },
    );

    server.put(
      '/api/v1/lightapps/:lightapp/versions/:version/package',
      {
        schema: {
          tags: ['lightapps'],
          summary: `Upload the program package of a draft: zip or tar.gz bytes (at most ${maxBytes} bytes)`,
          params: lightAppVersionParams,
          headers: ifMatchHeader,
          response: { 200: z.object({ sha256: z.string(), size: z.number() }) },
        },
        config: { access: write, action: 'lightapps.versions.package.upload' },
      },
      async (request, reply) => {
        if (!(request.body instanceof Readable)) {
          throw new BadRequestError(
            `Send the package bytes with Content-Type ${packageTypes.slice(0, 3).join(', ')}`,
            'package_expected',
          );
        }
        const result = await uploadPackage(
          deps,
          scopeOf(request).tenant,
          request.params,
          request.body,
          {
            maxBytes,
            ifMatch: request.headers['if-match'],
          },
        );
        const pkg = result.version.package;
        return reply
          .header('etag', result.etag)
          .send({ sha256: pkg?.sha256 ?? '', size: pkg?.size ?? 0 });
      },
    );

    server.put(
      '/api/v1/lightapps/:lightapp/versions/:version/config',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'Set the entry file, arguments, limits, env and run mode of a draft',
          params: lightAppVersionParams,
          body: lightAppConfig,
          headers: ifMatchHeader,
          response: { 200: lightAppVersion },
        },
        config: { access: write, action: 'lightapps.versions.config.update' },
      },
      async (request, reply) => {
        const result = await putLightConfig(
          deps,
          scopeOf(request).tenant,
          request.params,
          request.body,
          request.headers['if-match'],
        );
        return reply.header('etag', result.etag).send(result.version);
      },
    );

    server.post(
      '/api/v1/lightapps/:lightapp/versions/:version/publish',
      {
        schema: {
          tags: ['lightapps'],
          summary:
            'Publish a draft (it needs a package holding its entry file); it never changes again',
          params: lightAppVersionParams,
          response: { 200: lightAppVersion },
        },
        config: { access: write, action: 'lightapps.versions.publish' },
      },
      async (request) => publishLightVersion(deps, scopeOf(request).tenant, request.params),
    );

    server.delete(
      '/api/v1/lightapps/:lightapp/versions/:version',
      {
        schema: {
          tags: ['lightapps'],
          summary: 'Delete a draft',
          params: lightAppVersionParams,
          response: { 204: z.null() },
        },
        config: { access: write, action: 'lightapps.versions.delete' },
      },
      async (request, reply) => {
        await deleteLightDraft(scopeOf(request).tenant, request.params);
        return reply.status(204).send(null);
      },
    );
  };
}
