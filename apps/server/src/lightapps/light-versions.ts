import { randomUUID } from 'node:crypto';
import { type CreateVersionRequest, compareVersions, type LightAppVersion } from '@berth/spec';
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../db/errors.js';
import { lightAppVersions } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, ConflictError } from '../errors.js';
import {
  findLightApp,
  findLightVersion,
  type LightAppRow,
  type LightVersionRow,
  publishedError,
  toLightVersion,
} from './light-app-records.js';

/**
 * Creates a draft version of a light app. `initial` starts without package or config and
 * only as the app's first version; `upgrade` and `patch` copy both from `from`.
 * @throws NotFoundError (app or `from`); ConflictError (`version_exists`, `app_has_versions`).
 */
export async function createLightVersion(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  appName: string,
  input: CreateVersionRequest,
): Promise<{ version: LightAppVersion; row: LightVersionRow }> {
  return scope.transaction(async (tx) => {
    const app = await findLightApp(tx, appName);
    let copied: Pick<LightVersionRow, 'package' | 'config'> = { package: null, config: null };
    if (input.kind === 'initial') {
      if (await tx.first(lightAppVersions, eq(lightAppVersions.lightAppId, app.id))) {
        throw new ConflictError(
          `Light app "${app.name}" already has versions: make an upgrade or a patch of one of them`,
          'app_has_versions',
        );
      }
    } else {
      copied = await findLightVersion(tx, app, input.from ?? '');
    }
    const now = deps.clock.now();
    try {
      const [row] = await tx
        .insert(lightAppVersions, {
          id: randomUUID(),
          lightAppId: app.id,
          version: input.version,
          kind: input.kind,
          fromVersion: input.from ?? null,
          state: 'draft',
          package: copied.package,
          config: copied.config,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return { version: toLightVersion(app, row as LightVersionRow), row: row as LightVersionRow };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Version ${input.version} of light app "${app.name}" already exists`,
          'version_exists',
          [{ path: 'version', in: 'body', message: 'exists' }],
        );
      }
      throw error;
    }
  });
}

/** Every version of a light app, newest first (semver order). */
export async function listLightVersions(
  scope: TenantScope,
  appName: string,
  query: { cursor?: string | undefined; limit: number },
) {
  const app = await findLightApp(scope, appName);
  const rows = await scope.select(lightAppVersions, eq(lightAppVersions.lightAppId, app.id));
  rows.sort((a, b) => compareVersions(b.version, a.version));
  let start = 0;
  if (query.cursor) {
    const after = Buffer.from(query.cursor, 'base64url').toString('utf8');
    start = rows.findIndex((r) => r.version === after) + 1;
    if (start === 0)
      throw new BadRequestError(
        'The cursor is not valid: pass back the nextCursor of a previous page',
        'invalid_cursor',
      );
  }
  const items = rows.slice(start, start + query.limit);
  const last = items[items.length - 1];
  const more = start + query.limit < rows.length;
  return {
    items: items.map((r) => toLightVersion(app, r)),
    nextCursor: more && last ? Buffer.from(last.version, 'utf8').toString('base64url') : null,
  };
}

export async function getLightVersion(
  scope: TenantScope,
  appName: string,
  version: string,
): Promise<{ app: LightAppRow; row: LightVersionRow }> {
  const app = await findLightApp(scope, appName);
  return { app, row: await findLightVersion(scope, app, version) };
}

/** Deletes a draft. @throws NotFoundError; ConflictError (`version_published`). */
export async function deleteLightDraft(
  scope: TenantScope,
  ref: { lightapp: string; version: string },
): Promise<void> {
  await scope.transaction(async (tx) => {
    const app = await findLightApp(tx, ref.lightapp);
    const row = await findLightVersion(tx, app, ref.version);
    if (row.state !== 'draft') throw publishedError(row);
    const gone = await tx
      .delete(
        lightAppVersions,
        and(eq(lightAppVersions.id, row.id), eq(lightAppVersions.state, 'draft')),
      )
      .returning();
    if (gone.length === 0) throw publishedError({ ...row, state: 'published' });
  });
}
