export {
  type AgentEvent,
  type AgentMessage,
  type AgentSettings,
  ackMessage,
  agentCloseCodes,
  agentEvent,
  agentMessage,
  agentProtocolVersion,
  agentSettings,
  type CommandMessage,
  cancelMessage,
  challengeMessage,
  challengeText,
  commandMessage,
  commandOutputMessage,
  type DesiredState,
  desiredMessage,
  desiredState,
  eventsAckMessage,
  eventsMessage,
  heartbeatMessage,
  helloMessage,
  type JoinRequest,
  type JoinResponse,
  joinRequest,
  joinResponse,
  logsCommand,
  maxAgentMessageBytes,
  type ServerMessage,
  serverMessage,
  statusMessage,
  type Workload,
  type WorkloadStatus,
  welcomeMessage,
  workload,
  workloadStatus,
} from './agent/agent-protocol.js';
export {
  type InstanceWorkloadSpec,
  instanceWorkloadKind,
  instanceWorkloadSpec,
  type RegistrySettings,
  registrySettings,
  type WorkloadHealth,
  type WorkloadNode,
  type WorkloadNodePhase,
  type WorkloadSecurity,
  workloadHealth,
  workloadNode,
  workloadNodePhases,
  workloadSecurity,
} from './agent/instance-workload.js';
export {
  type Architecture,
  architectures,
  engineKinds,
  type NodeFacts,
  nodeFacts,
} from './agent/node-facts.js';
export {
  blobRequestText,
  type ProcessWorkloadSpec,
  processPhases,
  processWorkloadKind,
  processWorkloadSpec,
} from './agent/process-workload.js';
export {
  type Account,
  account,
  accountParams,
  type CreateAccountRequest,
  type CreateUserRequest,
  createAccountRequest,
  createUserRequest,
  type Member,
  member,
  memberParams,
  type SetMemberRequest,
  setMemberRequest,
  type User,
  user,
  userParams,
} from './api/accounts.js';
export { type AuditEntry, auditEntry, auditQuery, auditResults } from './api/audit.js';
export {
  type ChangePasswordRequest,
  type CreatedToken,
  type CreateTokenRequest,
  changePasswordRequest,
  createdToken,
  createTokenRequest,
  type LoginRequest,
  type LoginResponse,
  loginRequest,
  loginResponse,
  type MembershipSummary,
  type MeResponse,
  membershipSummary,
  meResponse,
  type TokenInfo,
  tokenIdParams,
  tokenInfo,
  userSummary,
} from './api/auth.js';
export {
  type ClusterComponent,
  type ComponentNodePhase,
  type ComponentStatus,
  clusterComponent,
  componentClusterType,
  componentName,
  componentNodePhases,
  componentParams,
  componentStatuses,
  type InitialiseComponentRequest,
  initialiseComponentRequest,
} from './api/cluster-components.js';
export {
  type ConsoleLoginRequest,
  type ConsolePasswordRequest,
  type ConsoleSession,
  type ConsoleUser,
  type CreateConsoleUserRequest,
  consoleClusterTypes,
  consoleLoginRequest,
  consolePasswordRequest,
  consoleSession,
  consoleUser,
  consoleUserParams,
  createConsoleUserRequest,
  type LoginFreeRequest,
  loginFreeRequest,
  superConsoleUsername,
  type UpdateConsoleUserRequest,
  updateConsoleUserRequest,
} from './api/cluster-console.js';
export {
  agentSettingsRequest,
  type Cluster,
  type CreateClusterRequest,
  type CreatedNode,
  type CreateNodeRequest,
  cidrsOverlap,
  cluster,
  clusterName,
  clusterParams,
  clusterRuntimes,
  clusterTypes,
  createClusterRequest,
  createdNode,
  createNodeRequest,
  ipv4Cidr,
  joinInstructions,
  type Node,
  nfsStorage,
  node,
  nodeName,
  nodeParams,
  nodeStatuses,
  parseCidr,
  registries,
  registriesRequest,
} from './api/clusters.js';
export {
  type FieldError,
  fieldError,
  type Problem,
  page,
  pageQuery,
  problem,
  timestamp,
} from './api/common.js';
export {
  containerPolicy,
  type SetContainerPolicyRequest,
  setContainerPolicyRequest,
} from './api/container-policy.js';
export {
  type DatabaseServer,
  databaseServer,
  databaseServerName,
  databaseServerParams,
  type RegisterDatabaseServerRequest,
  registerDatabaseServerRequest,
} from './api/database-servers.js';
export {
  type DeployRequest,
  deleteInstanceQuery,
  deployRequest,
  eventsQuery,
  type Instance,
  type InstanceEvent,
  type InstancePhase,
  instance,
  instanceEvent,
  instanceName,
  instanceNodeStatus,
  instanceParams,
  instancePhases,
  logsQuery,
  scaleRequest,
  upgradeRequest,
} from './api/instances.js';
export { mobileNumber, normaliseMobile } from './api/mobile-number.js';
export { appSpecExample } from './app-spec/app-spec-example.js';
export { appSpecJsonSchema } from './app-spec/app-spec-json-schema.js';
export {
  type AppSpec,
  type AppSpecInput,
  appSpecSchema,
  currentSpecVersion,
  type DataModelSpec,
  dataModelPermissions,
  type LoginFreeSpec,
  type ParameterSpec,
  parameterTypes,
  type ServerInstanceSpec,
  type ServicesSpec,
} from './app-spec/app-spec-schema.js';
export type {
  CatalogEntry,
  CatalogHealth,
  CatalogParam,
  CatalogPort,
  ConnectionField,
  ManagedEngine,
} from './app-spec/catalog/catalog-types.js';
export { managedEngine, managedEngines } from './app-spec/catalog/managed-engines.js';
export { catalogEntry, middlewareCatalog } from './app-spec/catalog/middleware-catalog.js';
export {
  type ContainerPolicy,
  checkContainerPolicy,
  noContainerPolicy,
} from './app-spec/check-container-policy.js';
export {
  allCapabilities,
  type Canonical,
  canonicalCapability,
  canonicalDevice,
  canonicalHostPath,
  type DeviceMapping,
  formatDevice,
  linuxCapabilities,
  pathWithin,
} from './app-spec/container-security.js';
export { diffAppSpecs } from './app-spec/diff-app-specs.js';
export {
  type ParsedTemplate,
  parseEnvTemplate,
  type SpecReference,
  type TemplatePart,
} from './app-spec/env-template.js';
export {
  type ImageReference,
  imageReference,
  parseImageReference,
  sameRepository,
} from './app-spec/image-reference.js';
export {
  type MigrationResult,
  migrateAppSpec,
  type SpecMigration,
  specMigrations,
} from './app-spec/migrate-app-spec.js';
export {
  type AppNode,
  appNodeSchema,
  type ContainerNode,
  type CustomNode,
  type HealthSpec,
  type InitNode,
  type ManagedNode,
  type MiddlewareNode,
  type NodeKind,
  nodeKinds,
  type PortSpec,
  protocols,
  type ResourcesSpec,
  type SecuritySpec,
  serviceTypes,
  type VolumeSpec,
} from './app-spec/node-schema.js';
export { patchViolations } from './app-spec/patch-violations.js';
export {
  defaultNodeResources,
  type PlanOptions,
  planDeployment,
} from './app-spec/plan-deployment.js';
export type {
  DeployPlan,
  PlannedContainer,
  PlannedDatabase,
  PlannedHealth,
  PlannedNode,
  PlannedPort,
  PlannedResources,
  PlannedSecret,
  PlannedSecurity,
  PlannedValue,
  PlannedVolume,
  ValuePart,
} from './app-spec/plan-types.js';
export { formatCpu, parseCpu, parseMemory } from './app-spec/quantities.js';
export { type SpecChange, specChange } from './app-spec/spec-change.js';
export type { SpecError } from './app-spec/spec-issues.js';
export { specLimits } from './app-spec/spec-limits.js';
export { formatPath, type PathKey, parsePath, resolvePath } from './app-spec/spec-path.js';
export {
  type ValidateOptions,
  type ValidationOutcome,
  validateAppSpec,
} from './app-spec/validate-app-spec.js';
export {
  allowedCombinations,
  allowedPairs,
  combinationErrorMessage,
  type Deployment,
  type Distribution,
  deployments,
  distributions,
  isAllowedCombination,
  type OsType,
  osTypes,
} from './apps/allowed-combinations.js';
export { appName } from './apps/app-name.js';
export {
  type App,
  app,
  appParams,
  diffQuery,
  specChanges,
  type ValidationResult,
  type VersionResponse,
  type VersionState,
  type VersionSummary,
  validationResult,
  versionParams,
  versionResponse,
  versionStates,
  versionSummary,
} from './apps/app-responses.js';
export { type CreateAppRequest, createAppRequest } from './apps/create-app-request.js';
export {
  type CreateVersionRequest,
  createVersionRequest,
  type VersionKind,
  versionKinds,
} from './apps/create-version-request.js';
export { compareVersions, versionName } from './apps/version-name.js';
export {
  type ComponentEntry,
  componentCatalog,
  componentEntry,
} from './components/component-catalog.js';
export { cronProblem, nextCronTime } from './lightapps/cron-expression.js';
export {
  type CreateLightDeploymentRequest,
  createLightDeploymentRequest,
  type LightAppEvent,
  type LightDeployment,
  type LightDeploymentHost,
  type LightHostPhase,
  lightAppEvent,
  lightDeployment,
  lightDeploymentHost,
  lightDeploymentParams,
  lightHostPhases,
  lightLogsQuery,
} from './lightapps/light-app-deployments.js';
export {
  type CreateLightAppRequest,
  createLightAppRequest,
  envName,
  type LightApp,
  type LightAppConfig,
  type LightAppLanguage,
  type LightAppPackage,
  type LightAppVersion,
  lightApp,
  lightAppConfig,
  lightAppLanguages,
  lightAppName,
  lightAppPackage,
  lightAppParams,
  lightAppVersion,
  lightAppVersionParams,
  packagePath,
  type RunMode,
  runMode,
} from './lightapps/light-app-requests.js';
export {
  linkProblem,
  type PackageEntryType,
  packageEntryPath,
} from './lightapps/package-paths.js';
export {
  accountName,
  displayName,
  newPassword,
  presentedPassword,
  username,
} from './names.js';
export {
  type AccountType,
  accountTypes,
  can,
  canAssignRole,
  type Permission,
  permissions,
  type Role,
  rolePermissions,
  roles,
} from './permissions.js';
