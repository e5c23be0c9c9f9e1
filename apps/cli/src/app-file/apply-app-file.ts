import { BerthApiError, type BerthClient, type CreateVersionBody } from '@berth/client';
import type { App, AppSpecInput, VersionResponse } from '@berth/spec';
import { CliError } from '../cli-error.js';
import { exitCodes } from '../exit-codes.js';
import type { AppFile } from './app-file-schema.js';

/** What `berth apply` did, in order. */
export type ApplyAction = 'created-app' | 'created-draft' | 'updated-draft';

/** How to make the version when it does not exist yet (at most one of them). */
export interface ApplyOptions {
  /** Make a patch of this version (only image tags may change). */
  patchOf?: string | undefined;
  /** Make an upgrade of this version (default: of the newest version). */
  upgradeOf?: string | undefined;
  /** The file's name, for the message that asks to bump its `version:`. */
  fileName: string;
}

export interface ApplyResult {
  actions: ApplyAction[];
  app: App;
  /** The draft after its spec was replaced. */
  version: VersionResponse;
  /** Things the person should know that did not stop the apply. */
  notes: string[];
}

/** Which part of the file the body of a refused request came from. */
export type RequestOrigin = 'metadata' | 'version' | 'spec';

/** The server refused (422) a request made from part of the file. */
export class RefusedRequestError extends Error {
  override readonly name = 'RefusedRequestError';
  constructor(
    readonly origin: RequestOrigin,
    readonly apiError: BerthApiError,
  ) {
    super(apiError.message, { cause: apiError });
  }
}

/** The part of the client that `applyAppFile` uses. */
export type ApplyClient = Pick<BerthClient, 'apps' | 'versions'>;

/**
 * Makes the server hold what the file says, like `kubectl apply`: creates the app when it
 * does not exist (from `metadata`); creates the version when it does not exist (initial
 * when the app has none, else `--patch-of`, `--upgrade-of`, or an upgrade of the newest
 * version); then reads the draft's ETag and replaces its spec with If-Match. Running it
 * twice changes nothing more than the second PUT.
 * @throws RefusedRequestError when the server answers 422 (the errors point into the
 *   part of the file named by `origin`); CliError (6) when the version is published or
 *   the app exists with another distribution, deployment or OS; BerthApiError otherwise.
 */
export async function applyAppFile(
  client: ApplyClient,
  file: AppFile,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { metadata, version } = file;
  const actions: ApplyAction[] = [];
  const notes: string[] = [];
  let app = await orUndefinedOn404(client.apps.get(metadata.name));
  if (app) checkSameApp(app, file);
  else {
    app = await refusedAs('metadata', client.apps.create(metadata));
    actions.push('created-app');
  }
  let current = await orUndefinedOn404(client.versions.get(app.name, version));
  if (!current) {
    const request = await newVersionRequest(client, app.name, version, options);
    await refusedAs('version', client.versions.create(app.name, request));
    actions.push('created-draft');
    current = await client.versions.get(app.name, version);
  } else if (options.patchOf || options.upgradeOf) {
    const { kind, from } = current.version;
    notes.push(
      `Version ${version} exists already (${kind}${from ? ` of ${from}` : ''}): --patch-of and --upgrade-of only apply when it is created.`,
    );
  }
  if (current.version.state !== 'draft') throw publishedError(app.name, version, options.fileName);
  if (!current.etag)
    throw new CliError(
      `The server sent no ETag for ${app.name} ${version}: cannot update the draft safely`,
      exitCodes.unexpected,
      'etag_missing',
    );
  const put = await refusedAs(
    'spec',
    // the server validates the spec; the file only promised a mapping
    client.versions.putSpec(app.name, version, file.spec as AppSpecInput, {
      ifMatch: current.etag,
    }),
  ).catch((error: unknown) => {
    if (error instanceof BerthApiError && error.code === 'version_published')
      throw publishedError(app.name, version, options.fileName);
    throw error;
  });
  actions.push('updated-draft');
  return { actions, app, version: put.version, notes };
}

async function newVersionRequest(
  client: ApplyClient,
  app: string,
  version: string,
  options: ApplyOptions,
): Promise<CreateVersionBody> {
  if (options.patchOf) return { version, kind: 'patch', from: options.patchOf };
  if (options.upgradeOf) return { version, kind: 'upgrade', from: options.upgradeOf };
  const { items } = await client.versions.list(app, { limit: 1 });
  const newest = items[0];
  return newest ? { version, kind: 'upgrade', from: newest.version } : { version, kind: 'initial' };
}

/** An app keeps its distribution, deployment and OS: a file that says otherwise is a mistake. */
function checkSameApp(app: App, file: AppFile): void {
  const { metadata } = file;
  const differs = [
    metadata.distribution !== app.distribution && `distribution ${app.distribution}`,
    metadata.deployment !== app.deployment && `deployment ${app.deployment}`,
    metadata.os !== undefined && metadata.os !== app.os && `os ${app.os}`,
  ].filter((d): d is string => typeof d === 'string');
  if (differs.length === 0) return;
  throw new CliError(
    `App "${app.name}" exists with ${differs.join(', ')}, which cannot change: make metadata say so, or use another name`,
    exitCodes.conflict,
    'app_mismatch',
  );
}

function publishedError(app: string, version: string, fileName: string): CliError {
  const next = nextPatch(version);
  const example = next ? ` (e.g. to ${next})` : '';
  return new CliError(
    `Version ${version} of app "${app}" is published and can no longer change: bump "version:" in ${fileName}${example} and apply again`,
    exitCodes.conflict,
    'version_published',
  );
}

/** `1.4.0` → `1.4.1`; undefined for a pre-release or build, where the next is a choice. */
function nextPatch(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? `${match[1]}.${match[2]}.${BigInt(match[3] ?? '0') + 1n}` : undefined;
}

async function orUndefinedOn404<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof BerthApiError && error.status === 404) return undefined;
    throw error;
  }
}

async function refusedAs<T>(origin: RequestOrigin, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof BerthApiError && error.status === 422)
      throw new RefusedRequestError(origin, error);
    throw error;
  }
}
