import {
  clusterParams,
  consoleLoginRequest,
  consolePasswordRequest,
  consoleSession,
  consoleUser,
  consoleUserParams,
  createConsoleUserRequest,
  loginFreeRequest,
  page,
  pageQuery,
  updateConsoleUserRequest,
} from '@berth/spec';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { scopeOf } from '../http/route-config.js';
import { consolePrincipalOf } from './console-access.js';
import {
  ConsoleLoginFailedError,
  changeConsolePassword,
  consoleLogin,
  loginFree,
} from './console-login.js';
import {
  consoleTarget,
  createConsoleUser,
  deleteConsoleUser,
  listConsoleUsers,
  updateConsoleUser,
} from './console-users.js';

const tags = ['cluster console'];
/** Console users are read by the account (clusters.read) or by any console user of the cluster. */
const read = {
  kind: 'account' as const,
  permission: 'clusters.read' as const,
  console: 'member' as const,
};
/** …and changed by the account (clusters.write) or by the cluster's super account. */
const write = {
  kind: 'account' as const,
  permission: 'clusters.write' as const,
  console: 'superuser' as const,
};

/** The cluster console's routes: its users, sign-in, password change, login-free access. */
export function consoleRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const target = (request: FastifyRequest, cluster: string) =>
    consoleTarget(
      deps,
      request.console ? { console: request.console } : { scope: scopeOf(request).tenant },
      cluster,
    );

  return async (app) => {
    app.get(
      '/api/v1/clusters/:cluster/console/users',
      {
        schema: {
          tags,
          summary: "The cluster console's users (mobile numbers in E.164)",
          params: clusterParams,
          querystring: pageQuery,
          response: { 200: page(consoleUser) },
        },
        config: { access: read },
      },
      async (request) =>
        listConsoleUsers(await target(request, request.params.cluster), request.query),
    );
    app.post(
      '/api/v1/clusters/:cluster/console/users',
      {
        schema: {
          tags,
          summary: 'Add a console user; the mobile number is required and unique in the cluster',
          params: clusterParams,
          body: createConsoleUserRequest,
          response: { 201: consoleUser },
        },
        config: {
          access: write,
          action: 'clusters.console.users.create',
          auditTarget: (request) =>
            `clusters/${(request.params as { cluster: string }).cluster}/console/users/${(request.body as { username?: string }).username ?? ''}`,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createConsoleUser(
              deps,
              await target(request, request.params.cluster),
              request.body,
            ),
          ),
    );
    app.put(
      '/api/v1/clusters/:cluster/console/users/:username',
      {
        schema: {
          tags,
          summary: "Change a console user's mobile number or password (the others stay)",
          params: consoleUserParams,
          body: updateConsoleUserRequest,
          response: { 200: consoleUser },
        },
        config: { access: write, action: 'clusters.console.users.update' },
      },
      async (request) =>
        updateConsoleUser(
          deps,
          await target(request, request.params.cluster),
          request.params.username,
          request.body,
        ),
    );
    app.delete(
      '/api/v1/clusters/:cluster/console/users/:username',
      {
        schema: {
          tags,
          summary: 'Delete a console user (not the super account iotedgeadmin)',
          params: consoleUserParams,
          response: { 204: z.null() },
        },
        config: { access: write, action: 'clusters.console.users.delete' },
      },
      async (request, reply) => {
        await deleteConsoleUser(
          await target(request, request.params.cluster),
          request.params.username,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/v1/clusters/:cluster/console/login',
      {
        schema: {
          tags,
          summary:
            'Sign in to the cluster console (the account in Berth-Account); returns a console session',
          params: clusterParams,
          body: consoleLoginRequest,
          response: { 200: consoleSession },
        },
        config: {
          access: { kind: 'public' },
          action: 'clusters.console.login',
          auditTarget: (request) =>
            `clusters/${(request.params as { cluster: string }).cluster}/console/login`,
        },
      },
      async (request) => {
        try {
          const account = request.headers['berth-account'];
          const { session, identity } = await consoleLogin(deps, {
            account: typeof account === 'string' && account !== '' ? account : undefined,
            cluster: request.params.cluster,
            ...request.body,
            sourceIp: request.ip,
          });
          request.auditConsole = identity;
          return session;
        } catch (error) {
          if (error instanceof ConsoleLoginFailedError) request.auditConsole = error.identity;
          throw error;
        }
      },
    );
    app.post(
      '/api/v1/clusters/:cluster/console/password',
      {
        schema: {
          tags,
          summary: 'Change your console password (required at the first sign-in of iotedgeadmin)',
          params: clusterParams,
          body: consolePasswordRequest,
          response: { 204: z.null() },
        },
        config: { access: { kind: 'console' }, action: 'clusters.console.password.change' },
      },
      async (request, reply) => {
        await changeConsolePassword(deps, consolePrincipalOf(request), {
          ...request.body,
          sourceIp: request.ip,
        });
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/api/v1/clusters/:cluster/console/login-free',
      {
        schema: {
          tags,
          summary:
            'Open a console session for the user with this mobile number (login-free access between systems)',
          params: clusterParams,
          body: loginFreeRequest,
          response: { 200: consoleSession },
        },
        config: {
          access: { kind: 'account', permission: 'clusters.write' },
          action: 'clusters.console.login-free',
        },
      },
      async (request) =>
        loginFree(
          deps,
          await consoleTarget(deps, { scope: scopeOf(request).tenant }, request.params.cluster),
          request.body,
        ),
    );
  };
}
