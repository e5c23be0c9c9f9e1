import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './database.js';

/**
 * The migrations drizzle-kit generated, in `apps/server/drizzle`: two levels up from
 * `dist/db/migrate.js`, one level up from the bundle `dist/berth-server.mjs`.
 */
export const migrationsFolder =
  [new URL('../../drizzle', import.meta.url), new URL('../drizzle', import.meta.url)]
    .map((url) => fileURLToPath(url))
    .find((dir) => existsSync(`${dir}/meta/_journal.json`)) ??
  fileURLToPath(new URL('../../drizzle', import.meta.url));

/** An arbitrary constant: the advisory lock that serialises migrations across replicas. */
const migrationLockKey = 7_700_001;

/** When the newest migration was generated: drizzle records this with each one it applies. */
function newestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/**
 * Whether the newest migration is applied already — the case at almost every start. One
 * query, where running the migrator costs a quarter of a second of start-up.
 */
async function upToDate(database: Database): Promise<boolean> {
  try {
    const result: unknown = await database.db.execute(
      sql`select max(created_at) as created_at from drizzle.__drizzle_migrations`,
    );
    // node-postgres answers { rows }, PGlite's driver the same; arrays are accepted too.
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      created_at: string | null;
    }[];
    const applied = Number(rows[0]?.created_at ?? 0);
    return applied >= newestMigrationMillis();
  } catch {
    return false; // no migrations table yet: a new database
  }
}

/**
 * Brings the schema up to date. Several replicas may start at once against one Postgres,
 * so migrations run under an advisory lock: the second replica waits, then finds nothing
 * to do.
 */
export async function migrate(database: Database): Promise<void> {
  if (await upToDate(database)) return;
  await database.exclusive(migrationLockKey, async () => {
    if (database.kind === 'pglite') {
      const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    } else {
      const { migrate: migrateNodePg } = await import('drizzle-orm/node-postgres/migrator');
      await migrateNodePg(database.db as unknown as NodePgDatabase, { migrationsFolder });
    }
  });
}
