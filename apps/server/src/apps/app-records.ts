import type { App, VersionResponse, VersionSummary } from '@berth/spec';
import { and, eq } from 'drizzle-orm';
import { apps, appVersions } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { NotFoundError } from '../errors.js';

export type AppRow = typeof apps.$inferSelect;
export type VersionRow = typeof appVersions.$inferSelect;

export function toApp(row: AppRow, latestVersion: string | null): App {
  return {
    name: row.name,
    displayName: row.displayName,
    distribution: row.distribution,
    deployment: row.deployment,
    os: row.os,
    createdAt: row.createdAt.toISOString(),
    latestVersion,
  };
}

export function toVersionSummary(app: AppRow, row: VersionRow): VersionSummary {
  return {
    app: app.name,
    version: row.version,
    kind: row.kind,
    from: row.fromVersion,
    state: row.state,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

export function toVersion(app: AppRow, row: VersionRow): VersionResponse {
  return { ...toVersionSummary(app, row), spec: row.spec as VersionResponse['spec'] };
}

/** The strong ETag of a version: its revision, which every write of the draft bumps. */
export function etagOf(row: VersionRow): string {
  return `"${row.id}.${row.revision}"`;
}

/** The numeric parts of a semver name, stored for ordering. */
export function semverParts(version: string) {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(version);
  if (!match) throw new Error(`not a semver version: ${version}`);
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ?? null,
  };
}

/** The app named `name` in the scope's account. @throws NotFoundError */
export async function findApp(scope: TenantScope, name: string): Promise<AppRow> {
  const row = await scope.first(apps, eq(apps.name, name));
  if (!row) throw new NotFoundError(`App "${name}" not found`);
  return row;
}

/** Version `version` of `app`. @throws NotFoundError */
export async function findVersion(
  scope: TenantScope,
  app: AppRow,
  version: string,
): Promise<VersionRow> {
  const row = await scope.first(
    appVersions,
    and(eq(appVersions.appId, app.id), eq(appVersions.version, version)),
  );
  if (!row) throw new NotFoundError(`Version ${version} of app "${app.name}" not found`);
  return row;
}
