import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.js';
import { ensurePlatformAdmin } from '../bootstrap/first-start.js';
import { ensureLocalCluster } from '../bootstrap/local-cluster.js';
import { migrationsFolder } from '../db/migrate.js';
import { templates } from '../testing/templates.js';
import { TestClock } from '../testing/test-clock.js';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.js';

/**
 * Clusters that existed before the console: migration 0007 gives each edge cluster its
 * super account, as creation does now. Its last statement is run here on clusters
 * inserted the old way (no console users), on PGlite and on Postgres alike.
 */

let db: TestDatabase;
const rows = async <T>(query: ReturnType<typeof sql>) =>
  ((await db.database.db.execute(query)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  db = await openTestDatabase(templates());
});
afterAll(() => db.dispose());

describe('migration 0007 (cluster console)', () => {
  it('gives existing edge and appliance clusters iotedgeadmin with its name as password, and cloud ones nothing', async () => {
    await db.database.db.execute(
      sql`insert into accounts (id, name, type) values ('acc-1', 'old-acme', 'isv')`,
    );
    for (const [id, type] of [
      ['c-edge', 'edge'],
      ['c-box', 'edge-appliance'],
      ['c-cloud', 'cloud'],
    ]) {
      await db.database.db.execute(sql`
        insert into clusters (id, account_id, name, type, runtime, agent_settings)
        values (${id}, 'acc-1', ${id}, ${type}, 'engine', '{"heartbeatSeconds":10,"logLevel":"info"}')`);
    }
    const file = readFileSync(
      join(migrationsFolder, '0007_cluster_console_components.sql'),
      'utf8',
    );
    const backfill = file.split('--> statement-breakpoint').at(-1)!;
    expect(backfill).toContain('INSERT INTO "console_users"');

    await db.database.db.execute(sql.raw(backfill));

    const made = await rows<{
      cluster_id: string;
      username: string;
      superuser: boolean;
      must_change_password: boolean;
      password_hash: string;
      account_id: string;
    }>(sql`select * from console_users order by cluster_id`);
    expect(
      made.map((u) => [u.cluster_id, u.username, u.superuser, u.must_change_password]),
    ).toEqual([
      ['c-box', 'iotedgeadmin', true, true],
      ['c-edge', 'iotedgeadmin', true, true],
    ]);
    expect(made.every((u) => u.account_id === 'acc-1')).toBe(true);
    expect(await verifyPassword(made[0]!.password_hash, 'iotedgeadmin')).toBe(true);
    expect(await verifyPassword(made[0]!.password_hash, 'something else')).toBe(false);
  });

  it('gives the embedded local cluster its super account when the first start makes it', async () => {
    const clock = new TestClock();
    await ensurePlatformAdmin({ database: db.database, clock }, 'initial-admin-password');
    await ensureLocalCluster({ database: db.database, clock }, 60_000);
    await ensureLocalCluster({ database: db.database, clock }, 60_000); // a second start adds nothing

    const local = await rows<{ username: string }>(sql`
      select u.username from console_users u join clusters c on c.id = u.cluster_id
      where c.name = 'local'`);
    expect(local).toEqual([{ username: 'iotedgeadmin' }]);
  });
});
