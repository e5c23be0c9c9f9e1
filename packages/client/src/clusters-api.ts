import type { Cluster, CreateClusterRequest } from '@berth/spec';
import type { Page, PageOptions } from './paginate.js';
import type { ApiRequest, Exchange } from './transport.js';

/** `POST /clusters`: `runtime` defaults to `engine` on the server. */
export type CreateClusterBody = CreateClusterRequest;

/** `PUT /clusters/{cluster}/agent-settings`: the fields to change; the others stay. */
export interface AgentSettingsBody {
  /** 1–3600. */
  heartbeatSeconds?: number | undefined;
  logLevel?: 'error' | 'warn' | 'info' | 'debug' | undefined;
}

/** `PUT /clusters/{cluster}/registries`: replaces the mirrors and the credentials. */
export interface RegistriesBody {
  /** Registry host → mirror (`docker.io` → `mirror.site.local:5000` or `mirror.local/hub`). */
  mirrors?: Record<string, string>;
  /** Registry host → credentials; the password is stored encrypted and never shown. */
  auths?: Record<string, { username: string; password: string }>;
}

/** The registry settings as the API shows them: usernames, never passwords. */
export interface Registries {
  mirrors: Record<string, string>;
  auths: Record<string, { username: string }>;
}

/** Clusters (`/clusters`): the account's own, and the shared ones it may deploy to. */
export interface ClustersApi {
  /**
   * 201 with `warnings` worth showing (e.g. an overlapping address range); 409
   * `cluster_exists`; 422 for a bad name, NFS export or CIDR.
   */
  create(request: CreateClusterBody): Promise<Cluster>;
  list(options?: PageOptions): Promise<Page<Cluster>>;
  get(cluster: string): Promise<Cluster>;
  /** 204; the cluster's nodes go with it. 403 for a shared cluster. */
  delete(cluster: string): Promise<void>;
  /** A new desired state for every agent of the cluster; answers the cluster. */
  setAgentSettings(cluster: string, settings: AgentSettingsBody): Promise<Cluster>;
  registries(cluster: string): Promise<Registries>;
  /** Replaces both maps; the cluster's agents get them with their next desired state. */
  setRegistries(cluster: string, body: RegistriesBody): Promise<Registries>;
}

const seg = encodeURIComponent;
const v1 = '/api/v1';

/** The `clusters` area of the client, on top of one exchange function. */
export function createClustersApi(exchange: Exchange): ClustersApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const one = (cluster: string) => `${v1}/clusters/${seg(cluster)}`;
  return {
    create: (body) => send({ method: 'POST', path: `${v1}/clusters`, body }),
    list: (query) => send({ method: 'GET', path: `${v1}/clusters`, query: { ...query } }),
    get: (cluster) => send({ method: 'GET', path: one(cluster) }),
    delete: (cluster) => send({ method: 'DELETE', path: one(cluster) }),
    setAgentSettings: (cluster, body) =>
      send({ method: 'PUT', path: `${one(cluster)}/agent-settings`, body }),
    registries: (cluster) => send({ method: 'GET', path: `${one(cluster)}/registries` }),
    setRegistries: (cluster, body) =>
      send({ method: 'PUT', path: `${one(cluster)}/registries`, body }),
  };
}
