import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { AuthCache } from './auth-cache.js';

/** What changed, so cached principals that depend on it are dropped. */
export type AuthChange = { userId: string } | { tokenHash: string } | { all: true };

export interface AuthEvents {
  /**
   * Announces a committed change: drops affected cache entries in this process at once,
   * and in every other replica through Postgres NOTIFY. Call it after the transaction
   * that made the change has committed.
   */
  changed(change: AuthChange): Promise<void>;
  stop(): Promise<void>;
}

const channel = 'berth_auth';

function apply(cache: AuthCache, change: AuthChange): void {
  if ('userId' in change) cache.invalidateUser(change.userId);
  else if ('tokenHash' in change) cache.invalidateToken(change.tokenHash);
  else cache.clear();
}

export async function startAuthEvents(database: Database, cache: AuthCache): Promise<AuthEvents> {
  const unlisten = await database.listen(channel, (payload) => {
    try {
      apply(cache, JSON.parse(payload) as AuthChange);
    } catch {
      // A payload we cannot read: be safe and forget everything.
      cache.clear();
    }
  });
  return {
    async changed(change) {
      apply(cache, change);
      await database.db.execute(sql`select pg_notify(${channel}, ${JSON.stringify(change)})`);
    },
    stop: unlisten,
  };
}
