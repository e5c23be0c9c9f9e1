import type {
  AppSpecInput,
  SpecChange,
  VersionKind,
  VersionResponse,
  VersionSummary,
} from '@berth/spec';
import type { Page, PageOptions } from './paginate.js';
import type { ApiRequest, Exchange } from './transport.js';

/** `POST /apps/{app}/versions`: `from` is required for an upgrade or a patch. */
export interface CreateVersionBody {
  version: string;
  kind: VersionKind;
  from?: string | undefined;
}

/**
 * A version with the `ETag` the server sent for it: pass it as `ifMatch` to
 * `versions.putSpec`. Null only when the server sent none (it always does for drafts).
 */
export interface TaggedVersion {
  version: VersionResponse;
  etag: string | null;
}

/** Versions of an app (`/apps/{app}/versions`). */
export interface VersionsApi {
  /** 201 draft; 409 `version_exists`, or `app_has_versions` for a second `initial`. */
  create(app: string, request: CreateVersionBody): Promise<VersionResponse>;
  /** Newest version first. */
  list(app: string, options?: PageOptions): Promise<Page<VersionSummary>>;
  get(app: string, version: string): Promise<TaggedVersion>;
  /**
   * Replaces the spec of a draft. 422 with `errors` whose paths point into `spec`; 412
   * `precondition_failed` when `ifMatch` is stale (read the version again); 409
   * `version_published`.
   */
  putSpec(
    app: string,
    version: string,
    spec: AppSpecInput,
    options: { ifMatch: string },
  ): Promise<TaggedVersion>;
  /** 409 when already published; 422 when the spec is not publishable. */
  publish(app: string, version: string): Promise<VersionResponse>;
  /** The changes from `version` to `to`, with paths into `to`'s spec. */
  diff(app: string, version: string, to: string): Promise<{ items: SpecChange[] }>;
  /** Drafts only: 409 `version_published`. */
  delete(app: string, version: string): Promise<void>;
}

const seg = encodeURIComponent;
const v1 = '/api/v1';

/** The `versions` area of the client; `get` and `putSpec` read the `ETag` header. */
export function createVersionsApi(exchange: Exchange): VersionsApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const versions = (app: string) => `${v1}/apps/${seg(app)}/versions`;
  const one = (app: string, version: string) => `${versions(app)}/${seg(version)}`;
  const tagged = async (request: ApiRequest): Promise<TaggedVersion> => {
    const { body, headers } = await exchange<VersionResponse>(request);
    return { version: body, etag: headers.get('etag') };
  };
  return {
    create: (app, body) => send({ method: 'POST', path: versions(app), body }),
    list: (app, query) => send({ method: 'GET', path: versions(app), query: { ...query } }),
    get: (app, version) => tagged({ method: 'GET', path: one(app, version) }),
    putSpec: (app, version, spec, { ifMatch }) =>
      tagged({
        method: 'PUT',
        path: `${one(app, version)}/spec`,
        body: spec,
        headers: { 'if-match': ifMatch },
      }),
    publish: (app, version) => send({ method: 'POST', path: `${one(app, version)}/publish` }),
    diff: (app, version, to) =>
      send({ method: 'GET', path: `${one(app, version)}/diff`, query: { to } }),
    delete: (app, version) => send({ method: 'DELETE', path: one(app, version) }),
  };
}
