import type { AuditEntry } from '@berth/spec';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { decodeCursor, toPage } from '../db/cursor.js';
import { auditEvents } from '../db/schema.js';
import type { RequestScope } from '../http/route-config.js';

export interface AuditQuery {
  cursor?: string | undefined;
  limit: number;
  action?: string | undefined;
  user?: string | undefined;
  result?: 'success' | 'denied' | 'failure' | undefined;
}

/**
 * Audit rows, newest first: the scope's account's rows, or every row when the scope is
 * a platform account (platform administrators audit the whole installation).
 */
export async function listAudit(scope: RequestScope, query: AuditQuery) {
  const before = query.cursor ? decodeCursor<number>(query.cursor, 'number') : undefined;
  const filters: (SQL | undefined)[] = [
    before !== undefined ? lt(auditEvents.id, before) : undefined,
    query.action ? eq(auditEvents.action, query.action) : undefined,
    query.user ? eq(auditEvents.username, query.user) : undefined,
    query.result ? eq(auditEvents.result, query.result) : undefined,
  ];
  const tenant = scope.tenant;
  const where =
    scope.account.type === 'platform'
      ? and(...filters)
      : tenant.where(auditEvents, and(...filters));
  const rows = await tenant.db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.id);
  return {
    items: page.items.map(
      (r): AuditEntry => ({
        id: String(r.id),
        time: r.time.toISOString(),
        user: r.username,
        account: r.accountName,
        action: r.action,
        target: r.target,
        result: r.result,
        status: r.status,
        requestId: r.requestId,
        sourceIp: r.sourceIp,
      }),
    ),
    nextCursor: page.nextCursor,
  };
}
