import { randomUUID } from 'node:crypto';
import { type App, type CreateAppRequest, compareVersions } from '@berth/spec';
import { and, asc, eq, gt } from 'drizzle-orm';
import { decodeCursor, toPage } from '../db/cursor.js';
import { isUniqueViolation } from '../db/errors.js';
import { apps, appVersions } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError } from '../errors.js';
import { type AppRow, findApp, toApp } from './app-records.js';

/**
 * Creates an app template in the scope's account. The request schema has already
 * refused distribution × deployment pairs that domain §1 does not allow.
 * @throws ConflictError (`app_exists`) when the name is taken in this account.
 */
export async function createApp(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  input: CreateAppRequest,
): Promise<App> {
  try {
    const [row] = await scope
      .insert(apps, {
        id: randomUUID(),
        name: input.name,
        displayName: input.displayName ?? null,
        distribution: input.distribution,
        deployment: input.deployment,
        os: input.os ?? 'linux',
        createdAt: deps.clock.now(),
      })
      .returning();
    return toApp(row as AppRow, null);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(
        `An app named "${input.name}" already exists in this account`,
        'app_exists',
      );
    }
    throw error;
  }
}

/** The newest published version of each of the given apps. */
async function latestPublished(scope: TenantScope, appIds: string[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  if (appIds.length === 0) return latest;
  const rows = await scope.db
    .select({ appId: appVersions.appId, version: appVersions.version })
    .from(appVersions)
    .where(scope.where(appVersions, eq(appVersions.state, 'published')));
  for (const row of rows) {
    const seen = latest.get(row.appId);
    if (!seen || compareVersions(row.version, seen) > 0) latest.set(row.appId, row.version);
  }
  return latest;
}

export async function listApps(
  scope: TenantScope,
  query: { cursor?: string | undefined; limit: number },
) {
  const after = query.cursor ? decodeCursor<string>(query.cursor, 'string') : undefined;
  const rows = await scope.db
    .select()
    .from(apps)
    .where(scope.where(apps, after ? gt(apps.name, after) : undefined))
    .orderBy(asc(apps.name))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => r.name);
  const latest = await latestPublished(
    scope,
    page.items.map((r) => r.id),
  );
  return {
    items: page.items.map((r) => toApp(r, latest.get(r.id) ?? null)),
    nextCursor: page.nextCursor,
  };
}

export async function getApp(scope: TenantScope, name: string): Promise<App> {
  const row = await findApp(scope, name);
  const latest = await latestPublished(scope, [row.id]);
  return toApp(row, latest.get(row.id) ?? null);
}

/**
 * Deletes an app and its drafts. Published versions are forever (domain §4), so an app
 * that has one cannot be deleted.
 * @throws NotFoundError; ConflictError (`app_has_published_versions`).
 */
export async function deleteApp(scope: TenantScope, name: string): Promise<void> {
  await scope.transaction(async (tx) => {
    const app = await findApp(tx, name);
    const published = await tx.first(
      appVersions,
      and(eq(appVersions.appId, app.id), eq(appVersions.state, 'published')),
    );
    const retired =
      published ??
      (await tx.first(
        appVersions,
        and(eq(appVersions.appId, app.id), eq(appVersions.state, 'retired')),
      ));
    if (retired) {
      throw new ConflictError(
        `App "${name}" has published versions (${retired.version}), which can never be deleted; only an app that was never published can be`,
        'app_has_published_versions',
      );
    }
    await tx.delete(apps, eq(apps.id, app.id));
  });
}
