import { problem } from '@berth/spec';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import pino, { type DestinationStream } from 'pino';
import { accountRoutes } from './accounts/routes.js';
import { agentRoutes } from './agents/routes.js';
import { appRoutes } from './apps/routes.js';
import { versionRoutes } from './apps/version-routes.js';
import { recordAudit } from './audit/audit-hook.js';
import { auditRoutes } from './audit/routes.js';
import { accessHook } from './auth/access-hook.js';
import { authRoutes } from './auth/routes.js';
import { clusterRoutes } from './clusters/routes.js';
import { componentRoutes } from './components/routes.js';
import { consoleRoutes } from './console/routes.js';
import { databaseServerRoutes } from './databases/routes.js';
import type { AppDeps } from './deps.js';
import { healthRoutes } from './health/routes.js';
import { AccessLog, loggerOptions, requestIdOf } from './http/logging.js';
import { instrumentRequests } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { errorHandler, notFoundHandler } from './http/problem.js';
import { validatorCompiler } from './http/validation.js';
import { instanceRoutes } from './instances/routes.js';
import { lightDeploymentRoutes } from './lightapps/deployment-routes.js';
import { packageDownloadRoutes } from './lightapps/package-download.js';
import { lightAppRoutes } from './lightapps/routes.js';
import { meRoutes } from './me/routes.js';
import { schemaRoutes } from './schemas/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { userRoutes } from './users/routes.js';
import { consolePages, registerConsole } from './web/console-web.js';

export const apiVersion = '0.1.0';

export interface AppOptions {
  logLevel: string;
  /** Where log lines go (stdout when omitted); tests pass a stream to read them. */
  logStream?: DestinationStream;
  trustProxy?: boolean;
  /** Serve HTTPS with this certificate and key. */
  https?: { cert: Buffer; key: Buffer };
  /** Serve the web console built in this folder at `/` (no console when omitted). */
  consoleDir?: string;
}

/** A route as registered, for the generated tenancy and authentication tests. */
export interface RouteInfo {
  method: string;
  url: string;
  access: NonNullable<import('fastify').FastifyContextConfig['access']>;
  action?: string | undefined;
  /** The zod schemas of the request, for tests generated from the route table. */
  body?: unknown;
  querystring?: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
    lifecycle: { closing: boolean };
  }
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Builds the control plane's HTTP application from its dependencies. Routes are
 * registered from one explicit list; every /api/v1 route must declare who may call it
 * (and, if it changes anything, its audit action), or the app refuses to start.
 */
export async function buildApp(deps: AppDeps, options: AppOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = pino(
    loggerOptions(options.logLevel),
    options.logStream ?? process.stdout,
  );
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    loggerInstance: logger,
    genReqId: requestIdOf,
    logController: new AccessLog(),
    bodyLimit: deps.settings.bodyLimit,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    // zod validates and serializes; handing Fastify the compilers up front also spares
    // loading ajv and fast-json-stringify, a tenth of a second at every start.
    schemaController: {
      // The factory types are ajv's; Fastify calls them exactly like the compilers set later.
      compilersFactory: {
        buildValidator: (() => validatorCompiler) as never,
        buildSerializer: (() => serializerCompiler) as never,
      },
    },
  });
  app.setErrorHandler(errorHandler(deps.settings.bodyLimit));
  app.setNotFoundHandler(
    options.consoleDir ? consolePages(options.consoleDir, notFoundHandler) : notFoundHandler,
  );
  app.decorateRequest('principal', null);
  app.decorateRequest('scope', null);
  app.decorateRequest('auditUser', null);
  app.decorateRequest('console', null);
  app.decorateRequest('auditConsole', null);
  app.decorate('routeTable', [] as RouteInfo[]);
  app.decorate('lifecycle', { closing: false });

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = route.config?.access;
    if (!access) throw new Error(`route ${methods.join(',')} ${route.url} declares no access`);
    for (const method of methods) {
      if (method === 'HEAD') continue;
      if (mutating.has(method) && !route.config?.action) {
        throw new Error(`route ${method} ${route.url} changes state but declares no audit action`);
      }
      const action = route.config?.action;
      const { body, querystring } = (route.schema ?? {}) as {
        body?: unknown;
        querystring?: unknown;
      };
      app.routeTable.push({ method, url: route.url, access, action, body, querystring });
    }
    route.schema ??= {};
    route.schema.response = {
      '4xx': problem,
      '5xx': problem,
      ...(route.schema.response as object),
    };
  });

  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // While shutting down, answers close their connection, so keep-alive sockets do not
  // hold the process open after the requests in flight have finished.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (app.lifecycle.closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onRequest', accessHook(deps));
  recordAudit(app, deps.db);
  instrumentRequests(app, deps.metrics);
  await registerOpenApi(app, apiVersion);

  const routes = [
    healthRoutes(deps, () => app.lifecycle.closing),
    authRoutes(deps),
    meRoutes(),
    tokenRoutes(deps),
    accountRoutes(deps),
    userRoutes(deps),
    auditRoutes(),
    appRoutes(deps),
    versionRoutes(deps),
    schemaRoutes(deps),
    clusterRoutes(deps),
    componentRoutes(deps),
    consoleRoutes(deps),
    agentRoutes(deps),
    instanceRoutes(deps),
    lightAppRoutes(deps),
    lightDeploymentRoutes(deps),
    packageDownloadRoutes(deps),
    databaseServerRoutes(deps),
  ];
  for (const plugin of routes) await app.register(plugin);
  if (options.consoleDir) await registerConsole(app, options.consoleDir);
  return app;
}
