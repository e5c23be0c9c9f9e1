import {
  type FieldError,
  patchViolations,
  type VersionResponse,
  validateAppSpec,
} from '@berth/spec';
import { and, eq, ne, sql } from 'drizzle-orm';
import { apps, appVersions } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import {
  ConflictError,
  InputError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../errors.js';
import {
  type AppRow,
  etagOf,
  findApp,
  findVersion,
  toVersion,
  type VersionRow,
} from './app-records.js';

const publishedError = (row: VersionRow) =>
  new ConflictError(
    `Version ${row.version} is ${row.state} and can never change: make an upgrade or a patch of it`,
    'version_published',
  );

function specErrors(input: unknown, app: AppRow): { spec: VersionResponse['spec'] } {
  const outcome = validateAppSpec(input, { distribution: app.distribution });
  if (!outcome.ok) {
    const errors: FieldError[] = outcome.errors.map((e) => ({
      path: e.path,
      in: 'body',
      message: e.message,
    }));
    throw new InputError('The app spec has problems', errors);
  }
  return { spec: outcome.spec };
}

/**
 * Replaces a draft's spec, when the caller's copy is current (`ifMatch` is the ETag it
 * read). The spec must be valid; a patch draft may differ from the version it was made
 * from only in image tags (and, for account apps, access paths) — every other change is
 * listed in the error. The write is conditional on the revision, so two editors cannot
 * overwrite each other.
 * @throws InputError (invalid spec, refused patch changes); NotFoundError;
 *   ConflictError (`version_published`); PreconditionRequiredError (no `ifMatch`);
 *   PreconditionFailedError (stale `ifMatch`).
 */
export async function putDraftSpec(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  ref: { app: string; version: string },
  input: unknown,
  ifMatch: string | undefined,
): Promise<{ version: VersionResponse; etag: string }> {
  const app = await findApp(scope, ref.app);
  const { spec } = specErrors(input, app);
  const row = await findVersion(scope, app, ref.version);
  if (row.state !== 'draft') throw publishedError(row);
  if (row.kind === 'patch' && row.fromVersion) {
    const base = validateAppSpec((await findVersion(scope, app, row.fromVersion)).spec);
    if (base.ok) {
      const refused = patchViolations(base.spec, spec, { distribution: app.distribution });
      if (refused.length > 0) {
        throw new InputError(
          `A patch may change only image tags${app.distribution === 'account' ? ' and access paths' : ''}; ${refused.length} other change(s) were refused: make an upgrade instead`,
          refused.map((c) => ({
            path: c.path,
            in: 'body',
            message: `not allowed in a patch: ${c.summary}`,
          })),
        );
      }
    }
  }
  if (ifMatch === undefined) {
    throw new PreconditionRequiredError(
      'Send If-Match with the ETag of GET …/versions/{version}, so that a concurrent change is not overwritten',
    );
  }
  if (etagOf(row) !== ifMatch) {
    throw new PreconditionFailedError(
      `Version ${row.version} was changed since you read it (If-Match ${ifMatch}, now ${etagOf(row)}): reload it and apply your change again`,
    );
  }
  const [updated] = await scope
    .update(
      appVersions,
      { spec, revision: sql`${appVersions.revision} + 1`, updatedAt: deps.clock.now() },
      and(
        eq(appVersions.id, row.id),
        eq(appVersions.revision, row.revision),
        eq(appVersions.state, 'draft'),
      ),
    )
    .returning();
  if (!updated) {
    const now = await findVersion(scope, app, ref.version);
    if (now.state !== 'draft') throw publishedError(now);
    throw new PreconditionFailedError(
      `Version ${row.version} was changed while you saved: reload it and apply your change again`,
    );
  }
  return { version: toVersion(app, updated as VersionRow), etag: etagOf(updated as VersionRow) };
}

/** Apps that deploy nodes must have one to be published. */
const hosted = new Set(['cloud-hosted', 'edge-hosted']);

/**
 * Publishes a draft: from now on it never changes. For an account-distributed app, the
 * previously published version is retired in the same transaction. The app row is
 * locked, so concurrent publishes of one app are serialised: exactly one publishes a
 * given draft, the others get 409 (R27).
 * @throws NotFoundError; ConflictError (`version_published`); InputError (not publishable).
 */
export async function publishVersion(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  ref: { app: string; version: string },
): Promise<VersionResponse> {
  return scope.transaction(async (tx) => {
    const app = await findApp(tx, ref.app);
    await tx.db
      .select({ id: apps.id })
      .from(apps)
      .where(tx.where(apps, eq(apps.id, app.id)))
      .for('update');
    const row = await findVersion(tx, app, ref.version);
    if (row.state !== 'draft') throw publishedError(row);
    const { spec } = specErrors(row.spec, app);
    if (hosted.has(app.deployment) && (spec.nodes?.length ?? 0) === 0) {
      throw new InputError('A hosted app needs at least one node before it can be published', [
        { path: 'nodes', in: 'body', message: `a ${app.deployment} app needs at least one node` },
      ]);
    }
    const now = deps.clock.now();
    const [published] = await tx
      .update(
        appVersions,
        { state: 'published', publishedAt: now, updatedAt: now, spec },
        and(eq(appVersions.id, row.id), eq(appVersions.state, 'draft')),
      )
      .returning();
    if (!published) throw publishedError({ ...row, state: 'published' });
    if (app.distribution === 'account') {
      await tx.update(
        appVersions,
        { state: 'retired', updatedAt: now },
        and(
          eq(appVersions.appId, app.id),
          eq(appVersions.state, 'published'),
          ne(appVersions.id, row.id),
        ),
      );
    }
    return toVersion(app, published as VersionRow);
  });
}

/**
 * Deletes a draft. @throws NotFoundError; ConflictError (`version_published`).
 */
export async function deleteDraft(
  scope: TenantScope,
  ref: { app: string; version: string },
): Promise<void> {
  await scope.transaction(async (tx) => {
    const app = await findApp(tx, ref.app);
    const row = await findVersion(tx, app, ref.version);
    if (row.state !== 'draft') throw publishedError(row);
    const gone = await tx
      .delete(appVersions, and(eq(appVersions.id, row.id), eq(appVersions.state, 'draft')))
      .returning();
    if (gone.length === 0) throw publishedError({ ...row, state: 'published' });
  });
}
