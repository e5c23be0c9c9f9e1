import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.js';
import * as schema from '../db/schema.js';

/** Tables that record attempts rather than state: every request may add to them. */
const bookkeeping = new Set(['audit_events', 'login_throttle']);
/** Columns that change on use rather than on purpose (agents' heartbeats and reports). */
const volatile = new Set(['lastUsedAt', 'lastSeenAt', 'observed', 'facts', 'appliedGeneration']);

/**
 * Every row of every state table, as one comparable string: take one before and one
 * after a request to prove that it changed nothing.
 */
export async function dbSnapshot(db: Db): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of Object.values(schema) as PgTable[]) {
    const name = getTableName(table);
    if (bookkeeping.has(name)) continue;
    const rows = (await db.select().from(table)) as Record<string, unknown>[];
    out[name] = rows
      .map((r) =>
        JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !volatile.has(k)))),
      )
      .sort();
  }
  return JSON.stringify(out);
}
