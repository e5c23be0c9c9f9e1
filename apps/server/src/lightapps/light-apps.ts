import { randomUUID } from 'node:crypto';
import { type CreateLightAppRequest, compareVersions, type LightApp } from '@berth/spec';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { decodeCursor, toPage } from '../db/cursor.js';
import { isUniqueViolation } from '../db/errors.js';
import { lightApps, lightAppVersions, nodeWorkloads } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError } from '../errors.js';
import { lightWorkloadId } from './compile-process.js';
import { findLightApp, type LightAppRow, toLightApp } from './light-app-records.js';

/**
 * Creates a light app in the scope's account. The request schema has already required
 * an arch for C and refused one for interpreted languages.
 * @throws ConflictError (`lightapp_exists`) when the name is taken in this account.
 */
export async function createLightApp(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  input: CreateLightAppRequest,
): Promise<LightApp> {
  try {
    const [row] = await scope
      .insert(lightApps, {
        id: randomUUID(),
        name: input.name,
        language: input.language,
        arch: input.arch ?? null,
        createdAt: deps.clock.now(),
      })
      .returning();
    return toLightApp(row as LightAppRow, null);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(
        `A light app named "${input.name}" already exists in this account`,
        'lightapp_exists',
        [{ path: 'name', in: 'body', message: 'is taken' }],
      );
    }
    throw error;
  }
}

async function latestPublished(scope: TenantScope, ids: string[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  if (ids.length === 0) return latest;
  const rows = await scope.select(lightAppVersions, inArray(lightAppVersions.lightAppId, ids));
  for (const row of rows) {
    if (row.state !== 'published') continue;
    const seen = latest.get(row.lightAppId);
    if (!seen || compareVersions(row.version, seen) > 0) latest.set(row.lightAppId, row.version);
  }
  return latest;
}

export async function listLightApps(
  scope: TenantScope,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await scope.db
    .select()
    .from(lightApps)
    .where(scope.where(lightApps, after ? gt(lightApps.name, after) : undefined))
    .orderBy(asc(lightApps.name))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.name);
  const latest = await latestPublished(
    scope,
    page.items.map((r) => r.id),
  );
  return {
    items: page.items.map((r) => toLightApp(r, latest.get(r.id) ?? null)),
    nextCursor: page.nextCursor,
  };
}

export async function getLightApp(scope: TenantScope, name: string): Promise<LightApp> {
  const row = await findLightApp(scope, name);
  const latest = await latestPublished(scope, [row.id]);
  return toLightApp(row, latest.get(row.id) ?? null);
}

/**
 * Deletes a light app with its versions and deployments, and takes it off every host it
 * was deployed to: the agents stop its program and remove its folder (its data too —
 * the app is gone). Package blobs stay in the content-addressed store, which other
 * versions may share.
 * @throws NotFoundError
 */
export async function deleteLightApp(
  deps: Pick<AppDeps, 'fleet'>,
  scope: TenantScope,
  name: string,
): Promise<void> {
  const app = await findLightApp(scope, name);
  const workloadId = lightWorkloadId(app);
  const nodeIds = await scope.transaction(async (tx) => {
    // Keyed by host, not account (a shared cluster's host is the platform's); the id is
    // the app's own, so only its rows go.
    const removed = await tx.db
      .delete(nodeWorkloads)
      .where(eq(nodeWorkloads.workloadId, workloadId))
      .returning({ nodeId: nodeWorkloads.nodeId });
    await tx.delete(lightApps, and(eq(lightApps.id, app.id)));
    const ids = [...new Set(removed.map((r) => r.nodeId))];
    if (ids.length > 0) await deps.fleet.desired.bump(tx.db, { nodeIds: ids });
    return ids;
  });
  if (nodeIds.length > 0) await deps.fleet.desired.announce({ nodeIds });
}
