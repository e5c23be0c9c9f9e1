import { randomUUID } from 'node:crypto';
import type { DatabaseServer, RegisterDatabaseServerRequest } from '@berth/spec';
import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { databaseServers, managedDatabases } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { checkLogin, type ServerLogin } from './engine-admin.js';

type Row = typeof databaseServers.$inferSelect;
const defaultPorts = { postgres: 5432, mysql: 3306 } as const;

async function describe(db: Db, row: Row): Promise<DatabaseServer> {
  const [n] = await db
    .select({ n: count() })
    .from(managedDatabases)
    .where(eq(managedDatabases.serverId, row.id));
  return {
    name: row.name,
    engine: row.engine,
    host: row.host,
    port: row.port,
    username: row.username,
    databases: Number(n?.n ?? 0),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Registers a database server for managed nodes, after checking that it answers with the
 * given credentials (a wrong password is refused now, not at someone's deployment). The
 * admin password is sealed in the secret store.
 * @throws InputError (cannot log in), ConflictError (`database_server_exists`).
 */
export async function registerDatabaseServer(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secrets'>,
  input: RegisterDatabaseServerRequest,
): Promise<DatabaseServer> {
  const port = input.port ?? defaultPorts[input.engine];
  try {
    await checkLogin({
      engine: input.engine,
      host: input.host,
      port,
      username: input.username,
      password: input.password,
    });
  } catch (error) {
    throw new InputError(
      `Could not log in to ${input.engine} at ${input.host}:${port} as ${input.username}: ${(error as Error).message.slice(0, 200)}`,
      [
        {
          path: 'password',
          in: 'body',
          message: 'the server did not accept these credentials (or did not answer)',
        },
      ],
    );
  }
  try {
    const row = await deps.db.transaction(async (tx) => {
      const secretId = await deps.secrets.put(tx, null, 'database-server', input.password);
      const [inserted] = await tx
        .insert(databaseServers)
        .values({
          id: randomUUID(),
          name: input.name,
          engine: input.engine,
          host: input.host,
          port,
          username: input.username,
          passwordSecretId: secretId,
          createdAt: deps.clock.now(),
        })
        .returning();
      return inserted!;
    });
    return describe(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(
        `A database server named "${input.name}" exists`,
        'database_server_exists',
      );
    throw error;
  }
}

export async function listDatabaseServers(deps: Pick<AppDeps, 'db'>) {
  const rows = await deps.db.select().from(databaseServers).orderBy(asc(databaseServers.name));
  return { items: await Promise.all(rows.map((r) => describe(deps.db, r))), nextCursor: null };
}

/** Removes a server that holds no instance's database. @throws NotFoundError, ConflictError */
export async function removeDatabaseServer(
  deps: Pick<AppDeps, 'db' | 'secrets'>,
  name: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(databaseServers).where(eq(databaseServers.name, name));
    if (!row) throw new NotFoundError(`Database server "${name}" not found`);
    const [used] = await tx
      .select({ n: count() })
      .from(managedDatabases)
      .where(eq(managedDatabases.serverId, row.id));
    if (Number(used?.n ?? 0) > 0) {
      throw new ConflictError(
        `Database server "${name}" holds ${used?.n} instance database(s): delete those instances first`,
        'database_server_in_use',
      );
    }
    await tx.delete(databaseServers).where(eq(databaseServers.id, row.id));
    await deps.secrets.remove(tx, null, row.passwordSecretId);
  });
}

/** A server's login, with its admin password opened. */
export async function serverLogin(
  deps: Pick<AppDeps, 'secrets'>,
  db: Db,
  row: Row,
): Promise<ServerLogin> {
  return {
    engine: row.engine,
    host: row.host,
    port: row.port,
    username: row.username,
    password: await deps.secrets.get(db, null, row.passwordSecretId),
  };
}
