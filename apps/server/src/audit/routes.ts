import { auditEntry, auditQuery, page } from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { scopeOf } from '../http/route-config.js';
import { listAudit } from './audit-queries.js';

export function auditRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'The audit log of the account, newest first',
          querystring: auditQuery,
          response: { 200: page(auditEntry) },
        },
        config: { access: { kind: 'account', permission: 'audit.read' } },
      },
      async (request) => listAudit(scopeOf(request), request.query),
    );
  };
}
