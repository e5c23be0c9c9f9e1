import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';

/**
 * Databases for tests. PGlite by default; Postgres when TEST_DATABASE_URL is set (then
 * every test file gets its own fresh database). Creating a PGlite data folder takes ~4 s,
 * so the global setup makes one migrated template and each test copies it (~0.5 s).
 */

export interface TestDatabase {
  database: Database;
  /** Closes the database and deletes it. */
  dispose(): Promise<void>;
}

export interface Templates {
  pgliteDir?: string;
  postgresName?: string;
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Builds the migrated templates once per test run: always a PGlite one (tests of the
 * embedded default use it even in a Postgres run), and a Postgres one when configured.
 */
export async function createTemplates(): Promise<Templates & { dispose(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'berth-tpl-'));
  const dir = join(root, 'pgdata');
  const lite = await openDatabase({ kind: 'pglite', dataDir: dir });
  await migrate(lite);
  await lite.close();
  const disposeLite = async () => rmSync(root, { recursive: true, force: true });

  const url = testDatabaseUrl();
  if (!url) return { pgliteDir: dir, dispose: disposeLite };
  const name = `berth_tpl_${randomBytes(4).toString('hex')}`;
  await admin(url, (c) => c.query(`create database ${name}`));
  const db = await openDatabase({ kind: 'postgres', url: withDatabase(url, name), poolSize: 1 });
  await migrate(db);
  await db.close();
  return {
    pgliteDir: dir,
    postgresName: name,
    dispose: async () => {
      await disposeLite();
      await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** A fresh, migrated database of its own for one test file. */
export async function openTestDatabase(templates: Templates): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (url) {
    if (!templates.postgresName)
      throw new Error('the Postgres test template is missing (global setup)');
    const name = `berth_t_${randomBytes(6).toString('hex')}`;
    await admin(url, (c) => c.query(`create database ${name} template ${templates.postgresName}`));
    const database = await openDatabase({
      kind: 'postgres',
      url: withDatabase(url, name),
      poolSize: 5,
    });
    return {
      database,
      async dispose() {
        await database.close();
        await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
      },
    };
  }
  if (!templates.pgliteDir) throw new Error('the PGlite test template is missing (global setup)');
  const root = mkdtempSync(join(tmpdir(), 'berth-db-'));
  cpSync(templates.pgliteDir, root, { recursive: true });
  const database = await openDatabase({ kind: 'pglite', dataDir: root });
  return {
    database,
    async dispose() {
      await database.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Copies the PGlite template into `dir` (for child-process servers that skip initdb). */
export function copyPgliteTemplate(templates: Templates, dir: string): void {
  if (!templates.pgliteDir) throw new Error('the PGlite test template is missing (global setup)');
  cpSync(templates.pgliteDir, dir, { recursive: true });
}
