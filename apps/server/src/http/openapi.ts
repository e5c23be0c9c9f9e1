import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests,
 * at `/api/openapi.json`, and a readable reference at `/api/docs`.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Berth API',
        version,
        description:
          'Define AIoT applications once, publish immutable versions and deliver them to edge sites and the cloud. ' +
          'Errors are application/problem+json (RFC 9457). Authenticate with `Authorization: Bearer <token>`; ' +
          'choose the account with the `Berth-Account` header.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A session token or a personal access token',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'berth_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get(
    '/api/openapi.json',
    { schema: { hide: true }, config: { access: { kind: 'public' } } },
    async () => app.swagger(),
  );
}
