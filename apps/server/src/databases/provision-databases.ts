import { randomUUID } from 'node:crypto';
import type { DeployPlan } from '@berth/spec';
import { and, count, eq } from 'drizzle-orm';
import { databaseServers, managedDatabases } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError } from '../errors.js';
import { serverLogin } from './database-servers.js';
import { createDatabase, dropDatabase } from './engine-admin.js';

/** `berth_<first 8 of the instance id>_<node>`: unique, and a valid identifier on both engines. */
export function databaseName(instanceId: string, node: string): string {
  return `berth_${instanceId.replace(/-/g, '').slice(0, 8)}_${node.replace(/-/g, '_')}`.slice(
    0,
    63,
  );
}

/**
 * Gives each managed node of the plan its database and user (the server with the fewest
 * databases of the engine, for a new one; the same one after that), with the password
 * the instance holds as `<node>.password`. Returns the values the plan left to the
 * provisioner (`<node>.host`, `.port`, `.user`, `.database`).
 * @throws ConflictError (`no_database_server`) when no server of the engine is registered.
 */
export async function provisionDatabases(
  deps: Pick<AppDeps, 'secrets' | 'clock'>,
  scope: TenantScope,
  instanceId: string,
  plan: DeployPlan,
  secrets: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const node of plan.nodes) {
    if (node.kind !== 'managed') continue;
    const engine = node.engine === 'postgres' ? 'postgres' : 'mysql';
    let record = await scope.first(
      managedDatabases,
      and(eq(managedDatabases.instanceId, instanceId), eq(managedDatabases.node, node.name)),
    );
    let server = record
      ? (
          await scope.db
            .select()
            .from(databaseServers)
            .where(eq(databaseServers.id, record.serverId))
        )[0]
      : await leastUsed(scope, engine);
    if (!server) {
      throw new ConflictError(
        `No ${engine} database server is registered for the managed node "${node.name}": a platform administrator registers one (POST /api/v1/database-servers)`,
        'no_database_server',
      );
    }
    const name = databaseName(instanceId, node.name);
    await createDatabase(
      await serverLogin(deps, scope.db, server),
      name,
      secrets[`${node.name}.password`] ?? '',
    );
    if (!record) {
      [record] = await scope
        .insert(managedDatabases, {
          id: randomUUID(),
          instanceId,
          node: node.name,
          serverId: server.id,
          database: name,
          username: name,
          createdAt: deps.clock.now(),
        })
        .returning();
    }
    Object.assign(values, {
      [`${node.name}.host`]: server.host,
      [`${node.name}.port`]: String(server.port),
      [`${node.name}.user`]: name,
      [`${node.name}.database`]: name,
    });
    server = undefined;
  }
  return values;
}

async function leastUsed(scope: TenantScope, engine: 'postgres' | 'mysql') {
  const servers = await scope.db
    .select()
    .from(databaseServers)
    .where(eq(databaseServers.engine, engine));
  let best: (typeof servers)[number] | undefined;
  let fewest = Number.POSITIVE_INFINITY;
  for (const server of servers) {
    const [n] = await scope.db
      .select({ n: count() })
      .from(managedDatabases)
      .where(eq(managedDatabases.serverId, server.id));
    if (Number(n?.n ?? 0) < fewest) [best, fewest] = [server, Number(n?.n ?? 0)];
  }
  return best;
}

/** Drops an instance's managed databases (deletion without keeping data). Idempotent. */
export async function dropInstanceDatabases(
  deps: Pick<AppDeps, 'secrets'>,
  scope: TenantScope,
  instanceId: string,
  keep: boolean,
): Promise<void> {
  const records = await scope.select(managedDatabases, eq(managedDatabases.instanceId, instanceId));
  for (const record of records) {
    if (!keep) {
      const [server] = await scope.db
        .select()
        .from(databaseServers)
        .where(eq(databaseServers.id, record.serverId));
      if (server) await dropDatabase(await serverLogin(deps, scope.db, server), record.database);
    }
    await scope.delete(managedDatabases, eq(managedDatabases.id, record.id));
  }
}
