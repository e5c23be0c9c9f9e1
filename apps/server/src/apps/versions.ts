import { randomUUID } from 'node:crypto';
import {
  type CreateVersionRequest,
  compareVersions,
  currentSpecVersion,
  diffAppSpecs,
  type SpecChange,
  type VersionResponse,
  validateAppSpec,
} from '@berth/spec';
import { eq } from 'drizzle-orm';
import { isUniqueViolation } from '../db/errors.js';
import { appVersions } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, ConflictError } from '../errors.js';
import {
  type AppRow,
  findApp,
  findVersion,
  semverParts,
  toVersion,
  toVersionSummary,
  type VersionRow,
} from './app-records.js';

/** The spec an initial version starts from: nothing yet. */
export const emptySpec = { specVersion: currentSpecVersion, nodes: [] };

/**
 * Creates a draft version. `initial` starts empty and only as an app's first version;
 * `upgrade` and `patch` copy the whole spec of `from` (any existing version).
 * @throws NotFoundError (app or `from`); ConflictError (`version_exists`, `app_has_versions`).
 */
export async function createVersion(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  appName: string,
  input: CreateVersionRequest,
): Promise<{ version: VersionResponse; row: VersionRow }> {
  return scope.transaction(async (tx) => {
    const app = await findApp(tx, appName);
    let spec: unknown = emptySpec;
    if (input.kind === 'initial') {
      const any = await tx.first(appVersions, eq(appVersions.appId, app.id));
      if (any) {
        throw new ConflictError(
          `App "${app.name}" already has versions: make an upgrade or a patch of one of them`,
          'app_has_versions',
        );
      }
    } else {
      spec = (await findVersion(tx, app, input.from ?? '')).spec;
    }
    const now = deps.clock.now();
    try {
      const [row] = await tx
        .insert(appVersions, {
          id: randomUUID(),
          appId: app.id,
          version: input.version,
          ...semverParts(input.version),
          kind: input.kind,
          fromVersion: input.from ?? null,
          state: 'draft',
          spec,
          specVersion: currentSpecVersion,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return { version: toVersion(app, row as VersionRow), row: row as VersionRow };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Version ${input.version} of app "${app.name}" already exists`,
          'version_exists',
        );
      }
      throw error;
    }
  });
}

/** Every version of an app, newest first (semver order), without specs. */
export async function listVersions(
  scope: TenantScope,
  appName: string,
  query: { cursor?: string | undefined; limit: number },
) {
  const app = await findApp(scope, appName);
  const rows = await scope.select(appVersions, eq(appVersions.appId, app.id));
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
    items: items.map((r) => toVersionSummary(app, r)),
    nextCursor: more && last ? Buffer.from(last.version, 'utf8').toString('base64url') : null,
  };
}

export async function getVersion(
  scope: TenantScope,
  appName: string,
  version: string,
): Promise<{ app: AppRow; row: VersionRow }> {
  const app = await findApp(scope, appName);
  return { app, row: await findVersion(scope, app, version) };
}

/**
 * The changes from one version's spec to another's, as sentences a person can read.
 * @throws NotFoundError for either version.
 */
export async function diffVersions(
  scope: TenantScope,
  appName: string,
  from: string,
  to: string,
): Promise<SpecChange[]> {
  const app = await findApp(scope, appName);
  const [a, b] = [await findVersion(scope, app, from), await findVersion(scope, app, to)];
  const specOf = (row: VersionRow) => {
    const outcome = validateAppSpec(row.spec);
    // Stored specs were valid when written; a draft may predate a stricter rule.
    return outcome.ok ? outcome.spec : (row.spec as Parameters<typeof diffAppSpecs>[0]);
  };
  return diffAppSpecs(specOf(a), specOf(b));
}
