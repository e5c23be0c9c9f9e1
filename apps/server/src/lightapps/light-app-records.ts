import type { LightApp, LightAppConfig, LightAppVersion } from '@berth/spec';
import { and, eq } from 'drizzle-orm';
import { lightApps, lightAppVersions } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { ConflictError, NotFoundError } from '../errors.js';

export type LightAppRow = typeof lightApps.$inferSelect;
export type LightVersionRow = typeof lightAppVersions.$inferSelect;

export function toLightApp(row: LightAppRow, latestVersion: string | null): LightApp {
  return {
    name: row.name,
    language: row.language,
    arch: row.arch,
    createdAt: row.createdAt.toISOString(),
    latestVersion,
  };
}

export function toLightVersion(app: LightAppRow, row: LightVersionRow): LightAppVersion {
  const pkg = row.package;
  return {
    app: app.name,
    version: row.version,
    kind: row.kind,
    from: row.fromVersion,
    state: row.state,
    package: pkg
      ? { sha256: pkg.sha256, size: pkg.size, format: pkg.format, files: pkg.files.length }
      : null,
    config: (row.config as LightAppConfig | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** The strong ETag of a light app version: every write of the draft bumps its revision. */
export function lightEtagOf(row: LightVersionRow): string {
  return `"${row.id}.${row.revision}"`;
}

/** The light app named `name` in the scope's account. @throws NotFoundError */
export async function findLightApp(scope: TenantScope, name: string): Promise<LightAppRow> {
  const row = await scope.first(lightApps, eq(lightApps.name, name));
  if (!row) throw new NotFoundError(`Light app "${name}" not found`);
  return row;
}

/** Version `version` of the light app. @throws NotFoundError */
export async function findLightVersion(
  scope: TenantScope,
  app: LightAppRow,
  version: string,
): Promise<LightVersionRow> {
  const row = await scope.first(
    lightAppVersions,
    and(eq(lightAppVersions.lightAppId, app.id), eq(lightAppVersions.version, version)),
  );
  if (!row) throw new NotFoundError(`Version ${version} of light app "${app.name}" not found`);
  return row;
}

export const publishedError = (row: LightVersionRow) =>
  new ConflictError(
    `Version ${row.version} is published and can never change: make an upgrade or a patch of it`,
    'version_published',
  );
