import type { AppSpec } from './app-spec-schema.js';
import type { CatalogEntry } from './catalog/catalog-types.js';
import { managedEngine } from './catalog/managed-engines.js';
import { catalogEntry } from './catalog/middleware-catalog.js';
import { canonicalCapability, canonicalDevice } from './container-security.js';
import { buildGraph, layer } from './dependency-graph.js';
import { effectivePorts } from './node-fields.js';
import type {
  ContainerNode,
  HealthSpec,
  ManagedNode,
  MiddlewareNode,
  ResourcesSpec,
  SecuritySpec,
  VolumeSpec,
} from './node-schema.js';
import type {
  DeployPlan,
  PlannedContainer,
  PlannedDatabase,
  PlannedHealth,
  PlannedNode,
  PlannedPort,
  PlannedResources,
  PlannedSecurity,
  PlannedVolume,
} from './plan-types.js';
import { type ParamValues, ValueResolver } from './plan-values.js';
import { parseCpu, parseMemory } from './quantities.js';

/** Resources of a custom or init node that declares none. */
export const defaultNodeResources = { cpu: '250m', memory: '256Mi' } as const;

const healthDefaults = {
  intervalSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 3,
  startPeriodSeconds: 0,
};

export interface PlanOptions {
  /** Parameter values of the instance; defaults fill the rest. Secret values are never copied. */
  params?: ParamValues;
}

/**
 * Plans the deployment of a valid spec: deploy levels (Kahn layering, names sorted inside a
 * level), every node with resolved env, ports, health and resources (middleware expanded
 * from the catalog), the secrets to generate, the parameters still needed, and totals.
 * Pure and deterministic: the same spec and params give the same plan.
 *
 * `spec` must have passed `validateAppSpec`; for a spec it would refuse, this throws an
 * Error naming the problem (a programming error, not a user error).
 */
export function planDeployment(spec: AppSpec, options: PlanOptions = {}): DeployPlan {
  const nodes = spec.nodes ?? [];
  const layering = layer(buildGraph(nodes));
  if (!layering)
    throw new Error('planDeployment needs a valid spec: the dependency graph has a cycle');
  const resolver = new ValueResolver(spec, options.params ?? {});
  const levels: string[][] = [];
  const planned = nodes.map((node, i): PlannedNode => {
    const level = layering.levels[i] as number;
    const names = levels[level] ?? [];
    names.push(node.name);
    levels[level] = names;
    const base = { name: node.name, level, dependsOn: [...new Set(node.dependsOn ?? [])].sort() };
    if (node.kind === 'middleware') return planMiddleware(node, base, resolver);
    if (node.kind === 'managed') return planManaged(node, base, resolver);
    return planContainer(node, base, resolver);
  });
  for (const level of levels) level.sort();
  planned.sort((a, b) => a.level - b.level || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    specVersion: spec.specVersion,
    levels,
    nodes: planned,
    secrets: [...resolver.secrets.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
    deployTimeParams: [...resolver.deployTimeParams].sort(),
    totals: totals(planned),
  };
}

type Base = Pick<PlannedNode, 'name' | 'level' | 'dependsOn'>;

function planContainer(node: ContainerNode, base: Base, resolver: ValueResolver): PlannedContainer {
  const ports = effectivePorts(node).map(plannedPort);
  const env = Object.fromEntries(
    Object.entries(node.env ?? {}).map(([key, value]) => [key, resolver.env(value)]),
  );
  const security = plannedSecurity(node.security);
  return {
    ...base,
    kind: node.kind,
    image: node.image,
    ...(node.command ? { command: [...node.command] } : {}),
    ...(node.args ? { args: [...node.args] } : {}),
    ports,
    hostNetwork: node.hostNetwork ?? false,
    env,
    ...(node.health ? { health: plannedHealth(node.health, ports) } : {}),
    ...(node.logPath ? { logPath: node.logPath } : {}),
    volumes: (node.volumes ?? []).map(plannedVolume),
    ...(security ? { security } : {}),
    resources: resources(node.resources, defaultNodeResources),
    replicas: node.replicas ?? 1,
    restart: node.kind === 'init' ? 'until-success' : 'always',
  };
}

function plannedVolume(v: VolumeSpec): PlannedVolume {
  return {
    name: v.name,
    mountPath: v.mountPath,
    ...(v.hostPath !== undefined ? { hostPath: v.hostPath, readOnly: v.readOnly ?? false } : {}),
  };
}

/**
 * The node's security settings in canonical form, or undefined when it asks for nothing
 * beyond the defaults (so the plans, and the hashes, of ordinary nodes stay as they were).
 * Parsed again although the spec was validated: a spec built in code skips the schema.
 */
function plannedSecurity(written: SecuritySpec | undefined): PlannedSecurity | undefined {
  if (!written) return undefined;
  const capabilities = (written.capabilities ?? []).map((c) => {
    const parsed = canonicalCapability(c);
    if (!parsed.ok) throw new Error(`planDeployment needs a valid spec: capability ${c}`);
    return parsed.value;
  });
  const devices = (written.devices ?? []).map((d) => {
    const parsed = canonicalDevice(d);
    if (!parsed.ok) throw new Error(`planDeployment needs a valid spec: device ${d}`);
    return parsed.value;
  });
  const security: PlannedSecurity = {
    privileged: written.privileged ?? false,
    hostPID: written.hostPID ?? false,
    capabilities: [...new Set(capabilities)].sort(),
    devices: devices.sort((a, b) => (a.containerPath < b.containerPath ? -1 : 1)),
  };
  const asksNothing =
    !security.privileged &&
    !security.hostPID &&
    security.capabilities.length === 0 &&
    security.devices.length === 0;
  return asksNothing ? undefined : security;
}

function planMiddleware(
  node: MiddlewareNode,
  base: Base,
  resolver: ValueResolver,
): PlannedContainer {
  const entry = catalogEntry(node.template) as CatalogEntry;
  const ports = effectivePorts(node).map(plannedPort);
  const env = Object.fromEntries(
    Object.entries(entry.env).map(([key, template]) => [
      key,
      resolver.catalogTemplate(node, template),
    ]),
  );
  const health =
    'exec' in entry.health
      ? { exec: [...entry.health.exec] }
      : { tcp: { port: entry.health.tcp.port } };
  return {
    ...base,
    kind: 'middleware',
    template: { name: entry.name, version: node.version },
    image: `${entry.image}:${node.version}`,
    ...(entry.command ? { command: [...entry.command] } : {}),
    ports,
    hostNetwork: false,
    env,
    health: plannedHealth(health, ports),
    volumes: entry.dataPath ? [{ name: 'data', mountPath: entry.dataPath }] : [],
    resources: resources(node.resources, entry.resources),
    replicas: 1,
    restart: 'always',
  };
}

function planManaged(node: ManagedNode, base: Base, resolver: ValueResolver): PlannedDatabase {
  const engine = managedEngine(node.template);
  if (!engine)
    throw new Error(`planDeployment needs a valid spec: no managed engine ${node.template}`);
  // The provisioner creates the password; listing it makes the secret known to the plan.
  resolver.catalogTemplate(node, engine.connection.password?.value ?? '');
  return {
    ...base,
    kind: 'managed',
    engine: engine.name,
    version: node.version ?? engine.defaultVersion,
    resources: resources(undefined, engine.resources),
    replicas: 1,
  };
}

function plannedPort(p: ReturnType<typeof effectivePorts>[number]): PlannedPort {
  const { index: _index, ...port } = p;
  return port;
}

function plannedHealth(health: HealthSpec, ports: readonly PlannedPort[]): PlannedHealth {
  const port = (ref: number | string) =>
    typeof ref === 'number' ? ref : (ports.find((p) => p.name === ref)?.port ?? 0);
  const timing = {
    intervalSeconds: health.intervalSeconds ?? healthDefaults.intervalSeconds,
    timeoutSeconds: health.timeoutSeconds ?? healthDefaults.timeoutSeconds,
    failureThreshold: health.failureThreshold ?? healthDefaults.failureThreshold,
    startPeriodSeconds: health.startPeriodSeconds ?? healthDefaults.startPeriodSeconds,
  };
  if (health.http)
    return { http: { path: health.http.path, port: port(health.http.port) }, ...timing };
  if (health.tcp) return { tcp: { port: port(health.tcp.port) }, ...timing };
  return { exec: [...(health.exec ?? [])], ...timing };
}

function resources(
  written: ResourcesSpec | undefined,
  fallback: { cpu: string; memory: string },
): PlannedResources {
  return {
    cpuMillicores: parseCpu(written?.cpu ?? fallback.cpu) ?? 0,
    memoryMi: parseMemory(written?.memory ?? fallback.memory) ?? 0,
  };
}

function totals(nodes: readonly PlannedNode[]): PlannedResources {
  let cpuMillicores = 0;
  let memoryMi = 0;
  for (const node of nodes) {
    cpuMillicores += node.resources.cpuMillicores * node.replicas;
    memoryMi += node.resources.memoryMi * node.replicas;
  }
  return { cpuMillicores, memoryMi };
}
