import type { Readable } from 'node:stream';
import {
  type FieldError,
  type LightAppConfig,
  type LightAppVersion,
  lightAppConfig,
} from '@berth/spec';
import { and, eq, sql } from 'drizzle-orm';
import { BlobTooLargeError } from '../blobs/blob-store.js';
import { lightApps, lightAppVersions } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { InputError, PayloadTooLargeError, PreconditionFailedError } from '../errors.js';
import {
  findLightApp,
  findLightVersion,
  type LightVersionRow,
  lightEtagOf,
  publishedError,
  toLightVersion,
} from './light-app-records.js';
import { listPackage, PackageError } from './package-listing.js';

type Ref = { lightapp: string; version: string };

/** The largest package accepted, unless the deployment configures another. */
export const defaultPackageLimit = 64 * 1024 * 1024;

async function draftOf(scope: TenantScope, ref: Ref, ifMatch: string | undefined) {
  const app = await findLightApp(scope, ref.lightapp);
  const row = await findLightVersion(scope, app, ref.version);
  if (row.state !== 'draft') throw publishedError(row);
  if (ifMatch !== undefined && ifMatch !== lightEtagOf(row)) {
    throw new PreconditionFailedError(
      `Version ${row.version} was changed since you read it (If-Match ${ifMatch}, now ${lightEtagOf(row)}): reload it and apply your change again`,
    );
  }
  return { app, row };
}

/** Writes a draft's fields if its revision is still `row.revision`; else 409/412 as it is now. */
async function writeDraft(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  ref: Ref,
  row: LightVersionRow,
  set: Partial<Pick<LightVersionRow, 'package' | 'config'>>,
): Promise<LightVersionRow> {
  const [updated] = await scope
    .update(
      lightAppVersions,
      { ...set, revision: sql`${lightAppVersions.revision} + 1`, updatedAt: deps.clock.now() },
      and(
        eq(lightAppVersions.id, row.id),
        eq(lightAppVersions.revision, row.revision),
        eq(lightAppVersions.state, 'draft'),
      ),
    )
    .returning();
  if (updated) return updated as LightVersionRow;
  const now = await findLightVersion(scope, await findLightApp(scope, ref.lightapp), ref.version);
  if (now.state !== 'draft') throw publishedError(now);
  throw new PreconditionFailedError(
    `Version ${row.version} was changed while you saved: reload it and apply your change again`,
  );
}

/**
 * Stores a draft's program package (zip or tar.gz) in the blob store and records its
 * sha256, size and files. The draft is checked before a byte is read; the package is
 * refused when over `maxBytes` or when any entry could land outside its folder.
 * `ifMatch` is optional here: an upload replaces the whole package anyway.
 * @throws NotFoundError; ConflictError (`version_published`); PayloadTooLargeError;
 *   InputError (not a package, unsafe entry); PreconditionFailedError (stale `ifMatch`).
 */
export async function uploadPackage(
  deps: Pick<AppDeps, 'clock' | 'blobs'>,
  scope: TenantScope,
  ref: Ref,
  body: Readable,
  options: { maxBytes: number; ifMatch?: string | undefined },
): Promise<{ version: LightAppVersion; etag: string }> {
  const { app, row } = await draftOf(scope, ref, options.ifMatch);
  let blob: { sha256: string; size: number };
  try {
    blob = await deps.blobs.put(body, options.maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLargeError)
      throw new PayloadTooLargeError(
        `The package is larger than the limit of ${options.maxBytes} bytes`,
      );
    throw error;
  }
  if (blob.size === 0)
    throw new InputError('Send the zip or tar.gz bytes of the package as the body');
  let listing: ReturnType<typeof listPackage>;
  try {
    listing = listPackage(await deps.blobs.read(blob.sha256), 4 * options.maxBytes);
  } catch (error) {
    if (error instanceof PackageError)
      throw new InputError(`The package ${error.message}`, [
        { path: '', in: 'body', message: `the package ${error.message}` },
      ]);
    throw error;
  }
  const updated = await writeDraft(deps, scope, ref, row, {
    package: { ...blob, format: listing.format, files: listing.files },
  });
  return { version: toLightVersion(app, updated), etag: lightEtagOf(updated) };
}

/** Fields of a config that differ from another, as paths. */
function changedFields(base: LightAppConfig, next: LightAppConfig): string[] {
  return (Object.keys(next) as (keyof LightAppConfig)[]).filter(
    (k) => JSON.stringify(base[k]) !== JSON.stringify(next[k]),
  );
}

/**
 * Replaces a draft's start configuration. A patch may change only the package: any
 * config field that differs from the version it was made from is refused and named.
 * @throws NotFoundError; ConflictError (`version_published`); InputError (patch);
 *   PreconditionFailedError (stale `ifMatch`).
 */
export async function putLightConfig(
  deps: Pick<AppDeps, 'clock'>,
  scope: TenantScope,
  ref: Ref,
  input: LightAppConfig,
  ifMatch: string | undefined,
): Promise<{ version: LightAppVersion; etag: string }> {
  const { app, row } = await draftOf(scope, ref, ifMatch);
  if (row.kind === 'patch' && row.fromVersion) {
    const base = (await findLightVersion(scope, app, row.fromVersion)).config;
    const parsed = lightAppConfig.safeParse(base);
    const changed = parsed.success ? changedFields(parsed.data, input) : [];
    if (changed.length > 0) {
      throw new InputError(
        `A patch may change only the package; ${changed.length} config change(s) were refused: make an upgrade instead`,
        changed.map((path) => ({ path, in: 'body', message: 'not allowed in a patch' })),
      );
    }
  }
  const updated = await writeDraft(deps, scope, ref, row, { config: input });
  return { version: toLightVersion(app, updated), etag: lightEtagOf(updated) };
}

/**
 * Publishes a draft: from now on it never changes. Refused without a package, without a
 * config, or when the entry file is not a file of the package. Concurrent publishes of
 * one app are serialised on the app row: exactly one succeeds (R27).
 * @throws NotFoundError; ConflictError (`version_published`); InputError (not publishable).
 */
export async function publishLightVersion(
  deps: Pick<AppDeps, 'clock' | 'blobs'>,
  scope: TenantScope,
  ref: Ref,
): Promise<LightAppVersion> {
  return scope.transaction(async (tx) => {
    const app = await findLightApp(tx, ref.lightapp);
    await tx.db
      .select({ id: lightApps.id })
      .from(lightApps)
      .where(tx.where(lightApps, eq(lightApps.id, app.id)))
      .for('update');
    const row = await findLightVersion(tx, app, ref.version);
    if (row.state !== 'draft') throw publishedError(row);
    const errors: FieldError[] = [];
    const config = row.config as LightAppConfig | null;
    if (!row.package || !(await deps.blobs.stat(row.package.sha256)))
      errors.push({ path: 'package', message: 'upload the program package (PUT …/package) first' });
    if (!config)
      errors.push({
        path: 'config',
        message: 'set the entry file and limits (PUT …/config) first',
      });
    else if (row.package && !row.package.files.includes(config.entry)) {
      const near = row.package.files.filter((f) => f.endsWith(config.entry.split('/').pop() ?? ''));
      errors.push({
        path: 'config.entry',
        message: `${config.entry} is not a file of the package${near.length > 0 ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}`,
      });
    }
    if (errors.length > 0)
      throw new InputError(`Version ${row.version} cannot be published yet`, errors);
    const now = deps.clock.now();
    const [published] = await tx
      .update(
        lightAppVersions,
        { state: 'published', publishedAt: now, updatedAt: now },
        and(eq(lightAppVersions.id, row.id), eq(lightAppVersions.state, 'draft')),
      )
      .returning();
    if (!published) throw publishedError({ ...row, state: 'published' });
    return toLightVersion(app, published as LightVersionRow);
  });
}
