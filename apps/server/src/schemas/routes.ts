import { appSpecJsonSchema, middlewareCatalog } from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

/**
 * The app spec's JSON Schema (for editors: `# yaml-language-server: $schema=…`) and the
 * middleware catalog the spec's middleware nodes choose from.
 */
export function schemaRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const schemaUrl = `${deps.settings.publicUrl}/api/v1/schemas/app-spec.json`;
  const schema = appSpecJsonSchema({ id: schemaUrl });
  return async (server) => {
    server.get(
      '/api/v1/schemas/app-spec.json',
      {
        schema: { tags: ['apps'], summary: 'JSON Schema of the app spec' },
        config: { access: { kind: 'public' } },
      },
      async (_request, reply) => reply.type('application/schema+json').send(schema),
    );
    server.get(
      '/api/v1/catalog/middleware',
      {
        schema: { tags: ['apps'], summary: 'The middleware catalog of middleware nodes' },
        config: { access: { kind: 'account', permission: 'apps.read' } },
      },
      async () => ({ items: middlewareCatalog }),
    );
  };
}
