import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';

const healthStatus = z.object({ status: z.string() });

/**
 * Probes for orchestrators and the Prometheus endpoint. `/livez` says the process
 * answers; `/readyz` says it can serve (database reachable, not shutting down).
 */
export function healthRoutes(deps: AppDeps, isClosing: () => boolean): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { access: { kind: 'public' as const } };
    app.get(
      '/livez',
      {
        schema: { tags: ['health'], summary: 'Liveness', response: { 200: healthStatus } },
        config,
      },
      async () => ({ status: 'live' }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'Readiness',
          response: { 200: healthStatus, 503: healthStatus },
        },
        config,
      },
      async (_request, reply) => {
        if (isClosing()) return reply.status(503).send({ status: 'shutting down' });
        try {
          await deps.database.ping();
          return { status: 'ready' };
        } catch {
          return reply.status(503).send({ status: 'database unreachable' });
        }
      },
    );
    app.get(
      '/metrics',
      { schema: { tags: ['health'], summary: 'Prometheus metrics', hide: true }, config },
      async (_request, reply) => {
        reply.type(deps.metrics.contentType);
        return deps.metrics.metrics();
      },
    );
  };
}
