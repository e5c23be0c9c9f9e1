export type { AppsApi, CreateAppBody } from './apps-api.js';
export { BerthApiError } from './berth-api-error.js';
export { BerthConnectionError } from './berth-connection-error.js';
export type { ComponentsApi, ConsoleUsersApi } from './cluster-console-api.js';
export type {
  AgentSettingsBody,
  ClustersApi,
  CreateClusterBody,
  Registries,
  RegistriesBody,
} from './clusters-api.js';
export {
  type AuditListOptions,
  type BerthClient,
  type ClientOptions,
  createClient,
} from './create-client.js';
export type { DeployBody, InstancesApi, LogsOptions } from './instances-api.js';
export type { LightAppsApi, LightConfigBody } from './lightapps-api.js';
export type { CreateNodeBody, NodesApi } from './nodes-api.js';
export {
  collectPages,
  type FetchPage,
  type Page,
  type PageOptions,
  paginate,
  type ReadOptions,
} from './paginate.js';
export type { ReferenceApi } from './reference-api.js';
export { normalizeServerUrl } from './transport.js';
export type { CreateVersionBody, TaggedVersion, VersionsApi } from './versions-api.js';
