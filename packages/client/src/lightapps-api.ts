import type {
  CreateLightAppRequest,
  CreateLightDeploymentRequest,
  CreateVersionRequest,
  LightApp,
  LightAppConfig,
  LightAppEvent,
  LightAppVersion,
  LightDeployment,
} from '@berth/spec';
import type { Page, PageOptions } from './paginate.js';
import { textChunks } from './text-chunks.js';
import type { ApiRequest, Exchange, OpenStream } from './transport.js';

/** The start configuration of a draft; args, env and run mode have server defaults. */
export type LightConfigBody = Pick<LightAppConfig, 'entry' | 'memoryMi' | 'cpuMillis'> &
  Partial<Pick<LightAppConfig, 'args' | 'env' | 'run'>>;

/** Light apps (`/lightapps`): programs run on edge hosts without a container. */
export interface LightAppsApi {
  /** 201; 409 `lightapp_exists`; 422 at `arch` (required for C, refused otherwise). */
  create(request: CreateLightAppRequest): Promise<LightApp>;
  list(options?: PageOptions): Promise<Page<LightApp>>;
  get(name: string): Promise<LightApp>;
  /** 204: the app, its versions and deployments, and its program on every host, gone. */
  delete(name: string): Promise<void>;
  /** 201: a draft (initial, or an upgrade/patch copying `from`). */
  createVersion(name: string, request: CreateVersionRequest): Promise<LightAppVersion>;
  versions(name: string, options?: PageOptions): Promise<Page<LightAppVersion>>;
  getVersion(name: string, version: string): Promise<LightAppVersion>;
  /** The zip or tar.gz bytes; 413 over the limit, 422 for what is not a safe package. */
  upload(
    name: string,
    version: string,
    bytes: Uint8Array,
  ): Promise<{ sha256: string; size: number }>;
  configure(name: string, version: string, config: LightConfigBody): Promise<LightAppVersion>;
  /** 422 naming `package`, `config` or `config.entry` when it is not publishable. */
  publish(name: string, version: string): Promise<LightAppVersion>;
  /** 202 `{id}`; 422 naming each refused `hosts[i]`. */
  deploy(name: string, request: CreateLightDeploymentRequest): Promise<{ id: string }>;
  deployment(name: string, id: string): Promise<LightDeployment>;
  /** The app's deployments, newest first, each with its hosts' progress. */
  deployments(name: string, options?: PageOptions): Promise<Page<LightDeployment>>;
  events(name: string, options?: { limit?: number }): Promise<{ items: LightAppEvent[] }>;
  /** The program's output on one host, as text chunks (see `instances.logs`). */
  logs(
    name: string,
    options: { host: string; follow?: boolean; tail?: number; signal?: AbortSignal },
  ): AsyncIterable<string>;
}

const seg = encodeURIComponent;
const v1 = '/api/v1';

export function createLightAppsApi(exchange: Exchange, open: OpenStream): LightAppsApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const one = (name: string) => `${v1}/lightapps/${seg(name)}`;
  const version = (name: string, v: string) => `${one(name)}/versions/${seg(v)}`;
  return {
    create: (body) => send({ method: 'POST', path: `${v1}/lightapps`, body }),
    list: (query) => send({ method: 'GET', path: `${v1}/lightapps`, query: { ...query } }),
    get: (name) => send({ method: 'GET', path: one(name) }),
    delete: (name) => send({ method: 'DELETE', path: one(name) }),
    createVersion: (name, body) => send({ method: 'POST', path: `${one(name)}/versions`, body }),
    versions: (name, query) =>
      send({ method: 'GET', path: `${one(name)}/versions`, query: { ...query } }),
    getVersion: (name, v) => send({ method: 'GET', path: version(name, v) }),
    upload: (name, v, bytes) =>
      send({ method: 'PUT', path: `${version(name, v)}/package`, body: bytes }),
    configure: (name, v, body) => send({ method: 'PUT', path: `${version(name, v)}/config`, body }),
    publish: (name, v) => send({ method: 'POST', path: `${version(name, v)}/publish` }),
    deploy: (name, body) => send({ method: 'POST', path: `${one(name)}/deployments`, body }),
    deployment: (name, id) => send({ method: 'GET', path: `${one(name)}/deployments/${seg(id)}` }),
    deployments: (name, query) =>
      send({ method: 'GET', path: `${one(name)}/deployments`, query: { ...query } }),
    events: (name, options = {}) =>
      send({ method: 'GET', path: `${one(name)}/events`, query: { limit: options.limit } }),
    logs: (name, options) => {
      const request: ApiRequest = {
        method: 'GET',
        path: `${one(name)}/logs`,
        query: {
          host: options.host,
          follow: options.follow === undefined ? undefined : String(options.follow),
          tail: options.tail,
        },
        headers: { accept: 'text/plain, application/problem+json' },
      };
      return textChunks(() => open(request, options.signal), options.signal);
    },
  };
}
