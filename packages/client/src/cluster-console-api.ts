import type {
  ClusterComponent,
  ConsoleSession,
  ConsoleUser,
  CreateConsoleUserRequest,
  UpdateConsoleUserRequest,
} from '@berth/spec';
import type { Page, PageOptions } from './paginate.js';
import type { ApiRequest, Exchange } from './transport.js';

/** Base components of an edge-appliance cluster (`/clusters/{cluster}/components`). */
export interface ComponentsApi {
  /** The catalog with each component's status on the cluster's hosts; 409 `not_an_appliance`. */
  list(cluster: string): Promise<Page<ClusterComponent>>;
  get(cluster: string, component: string): Promise<ClusterComponent>;
  /**
   * 202 at once: the component goes to every host (or those in `nodes`); the status
   * follows the hosts' reports. Idempotent.
   */
  initialise(cluster: string, component: string, nodes?: string[]): Promise<ClusterComponent>;
}

/** The cluster console's users (`/clusters/{cluster}/console/users`) and login-free access. */
export interface ConsoleUsersApi {
  list(cluster: string, options?: PageOptions): Promise<Page<ConsoleUser>>;
  /** 201; 409 `mobile_taken` (naming `mobile`) or `console_user_exists`. */
  create(cluster: string, request: CreateConsoleUserRequest): Promise<ConsoleUser>;
  update(
    cluster: string,
    username: string,
    request: UpdateConsoleUserRequest,
  ): Promise<ConsoleUser>;
  /** 204; 409 `super_account` for iotedgeadmin. */
  delete(cluster: string, username: string): Promise<void>;
  /** A console session for the user with this mobile number (the caller's account credential). */
  loginFree(cluster: string, mobile: string): Promise<ConsoleSession>;
}

const seg = encodeURIComponent;
const v1 = '/api/v1';

export function createComponentsApi(exchange: Exchange): ComponentsApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const all = (cluster: string) => `${v1}/clusters/${seg(cluster)}/components`;
  return {
    list: (cluster) => send({ method: 'GET', path: all(cluster) }),
    get: (cluster, component) => send({ method: 'GET', path: `${all(cluster)}/${seg(component)}` }),
    initialise: (cluster, component, nodes) =>
      send({
        method: 'POST',
        path: `${all(cluster)}/${seg(component)}/initialise`,
        body: nodes ? { nodes } : {},
      }),
  };
}

export function createConsoleUsersApi(exchange: Exchange): ConsoleUsersApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const base = (cluster: string) => `${v1}/clusters/${seg(cluster)}/console`;
  const one = (cluster: string, username: string) => `${base(cluster)}/users/${seg(username)}`;
  return {
    list: (cluster, query) =>
      send({ method: 'GET', path: `${base(cluster)}/users`, query: { ...query } }),
    create: (cluster, body) => send({ method: 'POST', path: `${base(cluster)}/users`, body }),
    update: (cluster, username, body) =>
      send({ method: 'PUT', path: one(cluster, username), body }),
    delete: (cluster, username) => send({ method: 'DELETE', path: one(cluster, username) }),
    loginFree: (cluster, mobile) =>
      send({ method: 'POST', path: `${base(cluster)}/login-free`, body: { mobile } }),
  };
}
