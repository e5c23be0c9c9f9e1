import type { PathKey } from '@berth/spec';
import type { NodeDoc } from './spec-model.js';

/**
 * Between a node of the spec and the values of its properties form. The form is flatter
 * than the spec where that reads better (resources as numbers of m and Mi, the health
 * check as a type plus its fields, env as a list of rows); fields the form does not show
 * (e.g. `security`) are carried over untouched.
 */

type Row = Record<string, unknown>;
export type FormValues = Record<string, unknown>;

const healthTimings = [
  'intervalSeconds',
  'timeoutSeconds',
  'failureThreshold',
  'startPeriodSeconds',
];
const containerKeys = [
  'name',
  'kind',
  'image',
  'command',
  'args',
  'ports',
  'hostNetwork',
  'env',
  'resources',
  'replicas',
  'health',
  'logPath',
  'volumes',
  'dependsOn',
];
const middlewareKeys = [
  'name',
  'kind',
  'template',
  'version',
  'params',
  'ports',
  'resources',
  'dependsOn',
];
const managedKeys = ['name', 'kind', 'template', 'version', 'dependsOn'];

/** "500m" → 500, "0.5" → 500; undefined for what is not a CPU quantity. */
export function millicores(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)m$/.exec(value);
  if (m) return Number(m[1]);
  return /^\d+(\.\d{1,3})?$/.test(value) ? Math.round(Number(value) * 1000) : undefined;
}

/** "512Mi" → 512, "1Gi" → 1024; undefined otherwise. */
export function mebibytes(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)(Mi|Gi)$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

/** A port typed in a text field: a number when it is one, else the name of a port. */
const portRef = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);

const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const list = (v: unknown): Row[] =>
  Array.isArray(v) ? v.filter((r) => r && typeof r === 'object') : [];

/** Drops the keys whose value is empty, so the YAML stays what a person would write. */
function clean(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => present(v) && v !== false));
}

function untouched(node: NodeDoc, handled: string[]): Row {
  return Object.fromEntries(Object.entries(node).filter(([k]) => !handled.includes(k)));
}

function resourcesFrom(values: FormValues): Row | undefined {
  const r = clean({
    cpu: present(values.cpu) ? `${values.cpu}m` : undefined,
    memory: present(values.memory) ? `${values.memory}Mi` : undefined,
  });
  return Object.keys(r).length > 0 ? r : undefined;
}

export function toFormValues(node: NodeDoc): FormValues {
  const resources = (node.resources ?? {}) as Row;
  const base = {
    name: node.name,
    dependsOn: node.dependsOn ?? [],
    cpu: millicores(resources.cpu),
    memory: mebibytes(resources.memory),
  };
  if (node.kind === 'middleware' || node.kind === 'managed')
    return {
      ...base,
      template: node.template,
      version: node.version,
      params: node.params ?? {},
      ports: list(node.ports),
    };
  const health = (node.health ?? {}) as Row;
  const http = health.http as Row | undefined;
  const tcp = health.tcp as Row | undefined;
  const env = (node.env && typeof node.env === 'object' ? node.env : {}) as Record<string, unknown>;
  return {
    ...base,
    image: node.image,
    command: node.command ?? [],
    args: node.args ?? [],
    ports: list(node.ports),
    hostNetwork: node.hostNetwork === true,
    env: Object.entries(env).map(([name, value]) => ({ name, value })),
    replicas: node.replicas,
    healthType: http ? 'http' : tcp ? 'tcp' : health.exec ? 'exec' : 'none',
    healthPath: http?.path,
    healthPort: (http ?? tcp)?.port,
    healthExec: health.exec ?? [],
    ...Object.fromEntries(healthTimings.map((k) => [k, health[k]])),
    logPath: node.logPath,
    volumes: list(node.volumes),
  };
}

export function fromFormValues(node: NodeDoc, v: FormValues): NodeDoc {
  const deps = (v.dependsOn as string[] | undefined) ?? [];
  const common = { dependsOn: deps.length > 0 ? deps : undefined, resources: resourcesFrom(v) };
  if (node.kind === 'managed')
    return {
      name: v.name,
      kind: 'managed',
      ...clean({ template: v.template, version: v.version, dependsOn: common.dependsOn }),
      ...untouched(node, managedKeys),
    } as NodeDoc;
  if (node.kind === 'middleware') {
    const params = clean((v.params ?? {}) as Row);
    const ports = list(v.ports).map((p) => clean(p));
    return {
      name: v.name,
      kind: 'middleware',
      ...clean({
        template: node.template,
        version: v.version,
        params: Object.keys(params).length > 0 ? params : undefined,
        ports: ports.length > 0 ? ports : undefined,
        ...common,
      }),
      ...untouched(node, middlewareKeys),
    } as NodeDoc;
  }
  const command = (v.command as string[] | undefined) ?? [];
  const args = (v.args as string[] | undefined) ?? [];
  const ports = list(v.ports).map((p) => clean(p));
  const env = Object.fromEntries(
    list(v.env)
      .filter((row) => present(row.name))
      .map((row) => [String(row.name), row.value === undefined ? '' : String(row.value)]),
  );
  const healthType = v.healthType as string | undefined;
  const timings = clean(Object.fromEntries(healthTimings.map((k) => [k, v[k]])));
  const check =
    healthType === 'http'
      ? { http: clean({ path: v.healthPath, port: portRef(v.healthPort) }) }
      : healthType === 'tcp'
        ? { tcp: clean({ port: portRef(v.healthPort) }) }
        : healthType === 'exec'
          ? { exec: (v.healthExec as string[] | undefined) ?? [] }
          : undefined;
  return {
    name: v.name,
    kind: node.kind,
    ...clean({
      image: v.image,
      command: command.length > 0 ? command : undefined,
      args: args.length > 0 ? args : undefined,
      ports: ports.length > 0 ? ports : undefined,
      hostNetwork: v.hostNetwork,
      env: Object.keys(env).length > 0 ? env : undefined,
      resources: common.resources,
      replicas: v.replicas,
      health: check ? { ...check, ...timings } : undefined,
      logPath: v.logPath,
      volumes: list(v.volumes).length > 0 ? list(v.volumes).map((r) => clean(r)) : undefined,
      dependsOn: common.dependsOn,
    }),
    ...untouched(node, containerKeys),
  } as NodeDoc;
}

/** The form field that shows an error found at `field` (keys after `nodes[i]`). */
export function formNameOf(node: NodeDoc, field: PathKey[]): PathKey[] {
  const [first, second, third] = field;
  if (first === undefined) return ['name'];
  if (first === 'resources') return [second === 'memory' ? 'memory' : 'cpu'];
  if (first === 'params' && second !== undefined) return ['params', second];
  if ((first === 'ports' || first === 'volumes') && typeof second === 'number')
    return [
      first,
      second,
      third ?? (first === 'ports' ? (node.kind === 'middleware' ? 'name' : 'port') : 'name'),
    ];
  if (first === 'env' && typeof second === 'string') {
    const index = Object.keys((node.env ?? {}) as object).indexOf(second);
    return index >= 0 ? ['env', index, 'value'] : ['env'];
  }
  if (first === 'health') {
    if (second === 'http' && third === 'path') return ['healthPath'];
    if ((second === 'http' || second === 'tcp') && third === 'port') return ['healthPort'];
    if (second === 'exec') return ['healthExec'];
    if (typeof second === 'string' && healthTimings.includes(second)) return [second];
    return ['healthType'];
  }
  return [first];
}
