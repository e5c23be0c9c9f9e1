import type {
  Account,
  AuditEntry,
  ChangePasswordRequest,
  ContainerPolicy,
  CreateAccountRequest,
  CreatedToken,
  CreateTokenRequest,
  CreateUserRequest,
  LoginRequest,
  LoginResponse,
  Member,
  MeResponse,
  Role,
  SetContainerPolicyRequest,
  TokenInfo,
  User,
} from '@berth/spec';
import { type AppsApi, createAppsApi } from './apps-api.js';
import {
  type ComponentsApi,
  type ConsoleUsersApi,
  createComponentsApi,
  createConsoleUsersApi,
} from './cluster-console-api.js';
import { type ClustersApi, createClustersApi } from './clusters-api.js';
import { createInstancesApi, type InstancesApi } from './instances-api.js';
import { createLightAppsApi, type LightAppsApi } from './lightapps-api.js';
import { createNodesApi, type NodesApi } from './nodes-api.js';
import type { Page, PageOptions } from './paginate.js';
import { createReferenceApi, type ReferenceApi } from './reference-api.js';
import {
  type ApiRequest,
  createExchange,
  createOpenStream,
  normalizeServerUrl,
  type TransportOptions,
} from './transport.js';
import { createVersionsApi, type VersionsApi } from './versions-api.js';

/** Filters of the audit log; every one optional. */
export interface AuditListOptions extends PageOptions {
  action?: string | undefined;
  user?: string | undefined;
  result?: AuditEntry['result'] | undefined;
}

export type ClientOptions = TransportOptions;

/** The Berth API, grouped by area. Every method throws `BerthApiError` or `BerthConnectionError`. */
export interface BerthClient {
  /** The server base URL this client talks to, normalised. */
  readonly server: string;
  auth: {
    login(request: LoginRequest): Promise<LoginResponse>;
    logout(): Promise<void>;
    changePassword(request: ChangePasswordRequest): Promise<void>;
  };
  me(): Promise<MeResponse>;
  tokens: {
    create(request: CreateTokenRequest): Promise<CreatedToken>;
    list(options?: PageOptions): Promise<Page<TokenInfo>>;
    revoke(id: string): Promise<void>;
  };
  accounts: {
    create(request: CreateAccountRequest): Promise<Account>;
    list(options?: PageOptions): Promise<Page<Account>>;
    get(account: string): Promise<Account>;
    members(account: string, options?: PageOptions): Promise<Page<Member>>;
    setMember(account: string, username: string, role: Role): Promise<Member>;
    removeMember(account: string, username: string): Promise<void>;
    /** What the account's containers may do beyond the defaults (R15); platform admins. */
    containerPolicy(account: string): Promise<ContainerPolicy>;
    /** Replaces the policy; every spelling is accepted and answered canonical. */
    setContainerPolicy(
      account: string,
      policy: SetContainerPolicyRequest,
    ): Promise<ContainerPolicy>;
  };
  users: {
    create(request: CreateUserRequest): Promise<User>;
    list(options?: PageOptions): Promise<Page<User>>;
    get(username: string): Promise<User>;
  };
  audit: {
    list(options?: AuditListOptions): Promise<Page<AuditEntry>>;
  };
  apps: AppsApi;
  versions: VersionsApi;
  catalog: ReferenceApi['catalog'];
  schemas: ReferenceApi['schemas'];
  clusters: ClustersApi;
  /** Base components of edge-appliance clusters. */
  components: ComponentsApi;
  /** The cluster console's users, and login-free sessions by mobile number. */
  consoleUsers: ConsoleUsersApi;
  nodes: NodesApi;
  instances: InstancesApi;
  /** Light apps: programs on edge hosts without containers. */
  lightApps: LightAppsApi;
}

const seg = encodeURIComponent;

/**
 * Creates a typed client of the Berth HTTP API (`/api/v1`) on top of `fetch`. Works in
 * Node 20 and in browsers. Responses are typed, not re-validated, so a newer server that
 * adds fields keeps working.
 * @throws TypeError at once when `server` is not an http(s) URL.
 */
export function createClient(options: ClientOptions): BerthClient {
  const exchange = createExchange(options);
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const v1 = '/api/v1';
  const reference = createReferenceApi(exchange);
  return {
    server: normalizeServerUrl(options.server),
    auth: {
      login: (body) => send({ method: 'POST', path: `${v1}/auth/login`, body }),
      logout: () => send({ method: 'POST', path: `${v1}/auth/logout` }),
      changePassword: (body) => send({ method: 'POST', path: `${v1}/auth/password`, body }),
    },
    me: () => send({ method: 'GET', path: `${v1}/me` }),
    tokens: {
      create: (body) => send({ method: 'POST', path: `${v1}/tokens`, body }),
      list: (query) => send({ method: 'GET', path: `${v1}/tokens`, query: { ...query } }),
      revoke: (id) => send({ method: 'DELETE', path: `${v1}/tokens/${seg(id)}` }),
    },
    accounts: {
      create: (body) => send({ method: 'POST', path: `${v1}/accounts`, body }),
      list: (query) => send({ method: 'GET', path: `${v1}/accounts`, query: { ...query } }),
      get: (account) => send({ method: 'GET', path: `${v1}/accounts/${seg(account)}` }),
      members: (account, query) =>
        send({
          method: 'GET',
          path: `${v1}/accounts/${seg(account)}/members`,
          query: { ...query },
        }),
      setMember: (account, username, role) =>
        send({ method: 'PUT', path: memberPath(account, username), body: { role } }),
      removeMember: (account, username) =>
        send({ method: 'DELETE', path: memberPath(account, username) }),
      containerPolicy: (account) =>
        send({ method: 'GET', path: `${v1}/accounts/${seg(account)}/container-policy` }),
      setContainerPolicy: (account, body) =>
        send({ method: 'PUT', path: `${v1}/accounts/${seg(account)}/container-policy`, body }),
    },
    users: {
      create: (body) => send({ method: 'POST', path: `${v1}/users`, body }),
      list: (query) => send({ method: 'GET', path: `${v1}/users`, query: { ...query } }),
      get: (username) => send({ method: 'GET', path: `${v1}/users/${seg(username)}` }),
    },
    audit: {
      list: (query) => send({ method: 'GET', path: `${v1}/audit`, query: { ...query } }),
    },
    apps: createAppsApi(exchange),
    versions: createVersionsApi(exchange),
    catalog: reference.catalog,
    schemas: reference.schemas,
    clusters: createClustersApi(exchange),
    components: createComponentsApi(exchange),
    consoleUsers: createConsoleUsersApi(exchange),
    nodes: createNodesApi(exchange),
    instances: createInstancesApi(exchange, createOpenStream(options)),
    lightApps: createLightAppsApi(exchange, createOpenStream(options)),
  };
}

function memberPath(account: string, username: string): string {
  return `/api/v1/accounts/${seg(account)}/members/${seg(username)}`;
}
