import { managedEngine } from './catalog/managed-engines.js';
import { catalogEntry } from './catalog/middleware-catalog.js';
import type { AppNode } from './node-schema.js';

/**
 * What a node offers to the rest of the app: its effective ports (middleware ports come
 * from the catalog) and the fields other nodes may reference as `${node.field}`.
 */

export interface EffectivePort {
  name: string;
  port: number;
  protocol: 'tcp' | 'udp';
  expose: boolean;
  serviceType: 'ClusterIP' | 'LoadBalancer';
  hostPort?: number;
  /** Index in the node's `ports` (for middleware: of the override), when the spec wrote it. */
  index?: number;
}

/** The node's ports with defaults applied. Unknown middleware templates have none. */
export function effectivePorts(node: AppNode): EffectivePort[] {
  if (node.kind === 'custom' || node.kind === 'init') {
    return (node.ports ?? []).map((p, index) => ({
      name: p.name,
      port: p.port,
      protocol: p.protocol ?? 'tcp',
      expose: p.expose ?? false,
      serviceType: p.serviceType ?? (p.expose ? 'LoadBalancer' : 'ClusterIP'),
      ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
      index,
    }));
  }
  if (node.kind === 'managed') return [];
  const entry = catalogEntry(node.template);
  if (!entry) return [];
  return entry.ports.map((catalogPort) => {
    const index = (node.ports ?? []).findIndex((o) => o.name === catalogPort.name);
    const override = node.ports?.[index];
    const expose = override?.expose ?? false;
    return {
      ...catalogPort,
      expose,
      serviceType: override?.serviceType ?? (expose ? 'LoadBalancer' : 'ClusterIP'),
      ...(override?.hostPort !== undefined ? { hostPort: override.hostPort } : {}),
      ...(index >= 0 ? { index } : {}),
    };
  });
}

/** Finds a port by number or by name. */
export function findPort(
  ports: readonly EffectivePort[],
  ref: number | string,
): EffectivePort | undefined {
  return ports.find((p) => (typeof ref === 'number' ? p.port === ref : p.name === ref));
}

/** Where the value of a referenced field comes from. */
export type FieldSource =
  | { host: true }
  | { port: number }
  | { template: string; secret: boolean; provisioned: boolean };

/**
 * The fields of a node other nodes may reference. custom: `host`, `port` (the first
 * port), `ports.<name>`; middleware: the catalog's connection fields and `ports.<name>`;
 * managed: the engine's connection fields; init: nothing (it has finished when others
 * run). Undefined when the node's template is unknown (that is reported elsewhere).
 */
export function referenceFields(node: AppNode): Map<string, FieldSource> | undefined {
  const fields = new Map<string, FieldSource>();
  if (node.kind === 'init') return fields;
  if (node.kind === 'managed') {
    const engine = managedEngine(node.template);
    if (!engine) return undefined;
    for (const [name, f] of Object.entries(engine.connection))
      fields.set(name, { template: f.value, secret: f.secret, provisioned: true });
    return fields;
  }
  if (node.kind === 'middleware') {
    const entry = catalogEntry(node.template);
    if (!entry) return undefined;
    for (const [name, f] of Object.entries(entry.connection))
      fields.set(name, { template: f.value, secret: f.secret, provisioned: false });
  } else {
    fields.set('host', { host: true });
    const first = node.ports?.[0];
    if (first) fields.set('port', { port: first.port });
  }
  for (const p of effectivePorts(node)) fields.set(`ports.${p.name}`, { port: p.port });
  return fields;
}
