import { changePasswordRequest, loginRequest, loginResponse } from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { principalOf } from '../http/route-config.js';
import { sessionCookie } from './access-hook.js';
import { changePassword } from './change-password.js';
import { LoginFailedError, login } from './login.js';
import { logout } from './logout.js';

export function authRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in; returns a session token (and sets the console cookie)',
          body: loginRequest,
          response: { 200: loginResponse },
        },
        config: {
          access: { kind: 'public' },
          action: 'auth.login',
          auditTarget: () => 'auth/login',
        },
      },
      async (request, reply) => {
        try {
          const result = await login(deps, { ...request.body, sourceIp: request.ip });
          request.auditUser = { id: result.userId, username: result.user.username };
          reply.setCookie(sessionCookie, result.token, {
            path: '/',
            httpOnly: true,
            sameSite: 'strict',
            secure: deps.settings.secureCookies,
            expires: new Date(result.expiresAt),
          });
          const { userId: _, ...body } = result;
          return body;
        } catch (error) {
          if (error instanceof LoginFailedError) request.auditUser = error.user;
          throw error;
        }
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } },
        config: { access: { kind: 'user', duringPasswordChange: true }, action: 'auth.logout' },
      },
      async (request, reply) => {
        await logout(deps, principalOf(request));
        reply.clearCookie(sessionCookie, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/v1/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your password (required after the first sign-in of the admin)',
          body: changePasswordRequest,
          response: { 204: z.null() },
        },
        config: {
          access: { kind: 'user', duringPasswordChange: true },
          action: 'auth.password.change',
        },
      },
      async (request, reply) => {
        await changePassword(deps, principalOf(request), { ...request.body, sourceIp: request.ip });
        return reply.status(204).send(null);
      },
    );
  };
}
