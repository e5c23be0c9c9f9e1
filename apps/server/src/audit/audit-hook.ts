import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { scrubTokens } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import { auditEvents } from '../db/schema.js';

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const maxTarget = 200;

function resultOf(status: number): 'success' | 'denied' | 'failure' {
  if (status < 400) return 'success';
  if (status === 401 || status === 403) return 'denied';
  return 'failure';
}

/**
 * The target of an audit row. A route may name it from its validated input, but only
 * for a request that succeeded: a rejected body may hold anything, including a secret
 * typed into the wrong field, so failures are recorded by path alone.
 */
function targetOf(request: FastifyRequest, status: number): string | null {
  const custom = request.routeOptions.config.auditTarget;
  if (custom && status < 400) {
    try {
      const t = custom(request);
      if (t !== null) return t.slice(0, maxTarget);
    } catch {
      // fall back to the path
    }
  }
  const path = scrubTokens(request.url.split('?')[0] ?? '');
  return path.replace(/^\/api\/v1\//, '').slice(0, maxTarget) || null;
}

/**
 * Writes one audit row for every mutating request that reached a route: who, in which
 * account, which action on what, the result and the request id. Written before the
 * answer leaves, so a client that sees the answer can read the row. Only names and ids
 * go in; never a body, header or query value.
 */
export function recordAudit(app: FastifyInstance, db: Db): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const action = request.routeOptions.config.action;
    if (!action || !mutating.has(request.method)) return payload;
    const status = reply.statusCode;
    // Console users are not Berth users: named `console:<cluster>/<username>`, no user id.
    const consoleUser = request.console ?? request.auditConsole;
    const who = request.principal
      ? { id: request.principal.userId, username: request.principal.username }
      : consoleUser
        ? { id: null, username: `console:${consoleUser.clusterName}/${consoleUser.username}` }
        : request.auditUser;
    const account =
      request.scope?.account ??
      (consoleUser ? { id: consoleUser.accountId, name: consoleUser.accountName } : null);
    try {
      await db.insert(auditEvents).values({
        userId: who?.id ?? null,
        username: who?.username ?? null,
        accountId: account?.id ?? null,
        accountName: account?.name ?? null,
        action,
        target: targetOf(request, status),
        result: resultOf(status),
        status,
        requestId: request.id,
        sourceIp: request.ip,
      });
    } catch (error) {
      request.log.error({ err: error, action }, 'could not write the audit row');
    }
    return payload;
  });
}
