import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type * as schema from './schema.js';

// Each engine's driver is loaded only when it is used: start-up time matters, and an
// embedded installation never needs `pg` (nor a Postgres one PGlite's WebAssembly).

/** A Drizzle handle over either engine; a transaction handle has the same type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseKind = 'pglite' | 'postgres';

/** Receives the payload of a NOTIFY on a channel this process listens to. */
export type NotificationHandler = (payload: string) => void;

/**
 * An open database: the Drizzle handle plus what Drizzle does not cover — LISTEN/NOTIFY
 * (to tell other control-plane replicas about changes) and an orderly close.
 */
export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  /** Listens to a channel; resolves to a function that stops listening. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /**
   * Runs `fn` while holding a cluster-wide lock (a Postgres session advisory lock), so
   * replicas starting at once do not race; PGlite has a single process, so no lock.
   */
  exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T>;
  /** Runs a raw statement, e.g. for the readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string | undefined }
  | { kind: 'postgres'; url: string; poolSize?: number | undefined };

const channelPattern = /^[a-z_][a-z0-9_]*$/;

/**
 * Opens the embedded PGlite database (in `dataDir`, or in memory when it is omitted) or a
 * Postgres pool. Does not migrate: see `migrate.ts`.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target);
}

/**
 * PGlite's own start parameters, plus smaller shared memory: with Postgres's defaults
 * (128 MB of buffers, 100 connections) PGlite takes about a second to start; with 16 MB
 * and 5 it takes ~0.25 s. Plenty for an embedded installation, whose single backend
 * serves one process (and the operating system caches the files too).
 */
const pgliteStartParams = [
  ...['--single', '-F', '-O', '-j'],
  ...['-c', 'search_path=public', '-c', 'exit_on_error=false', '-c', 'log_checkpoints=false'],
  ...['-c', 'max_worker_processes=0', '-c', 'max_parallel_workers=0'],
  ...['-c', 'max_parallel_workers_per_gather=0', '-c', 'max_parallel_maintenance_workers=0'],
  ...['-c', 'io_method=sync', '-c', 'shared_buffers=16MB', '-c', 'max_connections=5'],
];

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const [{ PGlite }, { drizzle: drizzlePglite }, schema] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('./schema.js'),
  ]);
  const options = { startParams: pgliteStartParams };
  const client = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async listen(channel, handler) {
      assertChannel(channel);
      return client.listen(channel, handler);
    },
    exclusive: (_lockKey, fn) => fn(),
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(target: { url: string; poolSize?: number | undefined }) {
  const [{ default: pgDriver }, { drizzle: drizzleNodePg }, schema] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('./schema.js'),
  ]);
  const pool = new pgDriver.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    application_name: 'berth',
  });
  // A pool emits errors of idle clients (e.g. the server restarted); the next checkout
  // reconnects, so they are not fatal.
  pool.on('error', () => {});
  await pool.query('select 1');
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  const listeners: pg.Client[] = [];
  const database: Database = {
    kind: 'postgres',
    db,
    async listen(channel, handler) {
      assertChannel(channel);
      const client = new pgDriver.Client({
        connectionString: target.url,
        application_name: 'berth-listen',
      });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) handler(msg.payload ?? '');
      });
      await client.query(`LISTEN ${channel}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end();
      };
    },
    async exclusive(lockKey, fn) {
      // A connection of its own: `fn` needs the pool, which may have a single slot.
      const client = new pgDriver.Client({
        connectionString: target.url,
        application_name: 'berth-lock',
      });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [lockKey]);
        return await fn();
      } finally {
        await client.end().catch(() => {});
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await Promise.all(listeners.splice(0).map((c) => c.end()));
      await pool.end();
    },
  };
  return database;
}

function assertChannel(channel: string): void {
  if (!channelPattern.test(channel)) throw new Error(`invalid channel name: ${channel}`);
}
