import type { App, Deployment, Distribution, OsType } from '@berth/spec';
import type { Page, PageOptions } from './paginate.js';
import type { ApiRequest, Exchange } from './transport.js';

/** `POST /apps`: `os` defaults to `linux` on the server. */
export interface CreateAppBody {
  name: string;
  displayName?: string | undefined;
  distribution: Distribution;
  deployment: Deployment;
  os?: OsType | undefined;
}

/** App templates (`/apps`). */
export interface AppsApi {
  /** 201; 409 `app_exists`; 422 (at `deployment`) for a pair that is not allowed. */
  create(request: CreateAppBody): Promise<App>;
  list(options?: PageOptions): Promise<Page<App>>;
  get(app: string): Promise<App>;
  /** 204; 409 `app_has_published_versions` once a version was published. */
  delete(app: string): Promise<void>;
}

const seg = encodeURIComponent;
const v1 = '/api/v1';

/** The `apps` area of the client, on top of one exchange function. */
export function createAppsApi(exchange: Exchange): AppsApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  return {
    create: (body) => send({ method: 'POST', path: `${v1}/apps`, body }),
    list: (query) => send({ method: 'GET', path: `${v1}/apps`, query: { ...query } }),
    get: (app) => send({ method: 'GET', path: `${v1}/apps/${seg(app)}` }),
    delete: (app) => send({ method: 'DELETE', path: `${v1}/apps/${seg(app)}` }),
  };
}
