import { createHash } from 'node:crypto';
import type {
  DeployPlan,
  InstanceWorkloadSpec,
  PlannedContainer,
  PlannedValue,
  WorkloadHealth,
  WorkloadNode,
} from '@berth/spec';

/** Everything known at deploy time that the plan left as references. */
export interface DeployValues {
  /** Generated secrets by key (`db.password`). */
  secrets: Readonly<Record<string, string>>;
  /** Parameter values, secret ones included. */
  params: Readonly<Record<string, string | number | boolean>>;
  /** Values of managed databases by key (`db.host`). */
  provisioned: Readonly<Record<string, string>>;
}

export interface InstanceMeta {
  instance: string;
  instanceId: string;
  app: string;
  version: string;
  replicas: Readonly<Record<string, number>>;
  stopped: boolean;
  keepVolumes: boolean;
  deadlineSeconds: number;
}

/** Stable JSON (sorted keys), so equal specs hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex').slice(0, 32);
}

function resolve(parts: PlannedValue, values: DeployValues): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('secret' in part) return values.secrets[part.secret] ?? '';
      if ('param' in part) return String(values.params[part.param] ?? '');
      return values.provisioned[part.provisioned] ?? '';
    })
    .join('');
}

function health(planned: PlannedContainer['health']): WorkloadHealth | undefined {
  if (!planned) return undefined;
  const check = planned.http
    ? { type: 'http' as const, path: planned.http.path, port: planned.http.port }
    : planned.tcp
      ? { type: 'tcp' as const, port: planned.tcp.port }
      : { type: 'exec' as const, command: planned.exec ?? [] };
  return {
    check,
    intervalSeconds: planned.intervalSeconds,
    timeoutSeconds: planned.timeoutSeconds,
    failureThreshold: planned.failureThreshold,
    startPeriodSeconds: planned.startPeriodSeconds,
  };
}

function node(planned: PlannedContainer, values: DeployValues, meta: InstanceMeta): WorkloadNode {
  const resolved: Omit<WorkloadNode, 'hash'> = {
    name: planned.name,
    kind: planned.kind,
    image: planned.image,
    ...(planned.command ? { command: planned.command } : {}),
    ...(planned.args ? { args: planned.args } : {}),
    env: Object.fromEntries(Object.entries(planned.env).map(([k, v]) => [k, resolve(v, values)])),
    ports: planned.ports.map((p) => ({
      name: p.name,
      port: p.port,
      protocol: p.protocol,
      ...(p.expose ? { hostPort: p.hostPort ?? p.port } : {}),
    })),
    hostNetwork: planned.hostNetwork,
    resources: { cpuMillis: planned.resources.cpuMillicores, memoryMi: planned.resources.memoryMi },
    replicas: planned.kind === 'init' ? 1 : (meta.replicas[planned.name] ?? planned.replicas),
    ...(planned.health ? { health: health(planned.health)! } : {}),
    ...(planned.logPath ? { logPath: planned.logPath } : {}),
    volumes: planned.volumes,
    // Only when asked for: the hashes of ordinary nodes stay what they were.
    ...(planned.security ? { security: planned.security } : {}),
  };
  return { ...resolved, hash: hashOf(resolved) };
}

/**
 * The workload an instance's host runs: the plan with every value filled in. Managed
 * databases run elsewhere (the platform provisioned them); only their values appear, in
 * the env of the nodes that reference them.
 */
export function compileWorkload(
  plan: DeployPlan,
  values: DeployValues,
  meta: InstanceMeta,
): { spec: InstanceWorkloadSpec; revision: string } {
  const containers = plan.nodes.filter((n): n is PlannedContainer => n.kind !== 'managed');
  const names = new Set(containers.map((n) => n.name));
  const spec: InstanceWorkloadSpec = {
    instance: meta.instance,
    instanceId: meta.instanceId,
    app: meta.app,
    version: meta.version,
    levels: plan.levels
      .map((level) => level.filter((n) => names.has(n)))
      .filter((level) => level.length > 0),
    nodes: containers.map((n) => node(n, values, meta)),
    stopped: meta.stopped,
    keepVolumes: meta.keepVolumes,
    deadlineSeconds: meta.deadlineSeconds,
  };
  return { spec, revision: hashOf(spec) };
}
