import { catalogEntry } from '../catalog/middleware-catalog.js';
import { type EffectivePort, effectivePorts } from '../node-fields.js';
import type { AppNode, MiddlewarePortSpec } from '../node-schema.js';
import { formatPath } from '../spec-path.js';
import { listNames, report, type SpecContext } from './spec-context.js';

/**
 * Ports: names and container ports unique per node; `expose`, `serviceType` and
 * `hostPort` consistent; and no two ports of the app claiming the same port of the host
 * (host ports, exposed LoadBalancer ports, every port of a host-network node).
 */
export function checkPorts(ctx: SpecContext): void {
  ctx.nodes.forEach((node, i) => {
    if (node.kind === 'custom') checkContainerPorts(ctx, node, i);
    if (node.kind === 'middleware') checkMiddlewarePorts(ctx, node, i);
  });
  checkHostCollisions(ctx);
}

function checkContainerPorts(ctx: SpecContext, node: AppNode & { kind: 'custom' }, i: number) {
  const names = new Map<string, number>();
  const numbers = new Map<string, number>();
  (node.ports ?? []).forEach((port, j) => {
    const at = ['nodes', i, 'ports', j];
    const sameName = names.get(port.name);
    if (sameName !== undefined)
      report(
        ctx,
        [...at, 'name'],
        `"${port.name}" is already the name of ports[${sameName}]: port names must be unique in a node`,
      );
    else names.set(port.name, j);
    const key = `${port.port}/${port.protocol ?? 'tcp'}`;
    const sameNumber = numbers.get(key);
    if (sameNumber !== undefined)
      report(
        ctx,
        [...at, 'port'],
        `${key} is already declared by ports[${sameNumber}]: declare each container port once`,
      );
    else numbers.set(key, j);
    checkExposure(ctx, at, port, node.hostNetwork === true ? port.port : undefined);
  });
}

function checkMiddlewarePorts(ctx: SpecContext, node: AppNode & { kind: 'middleware' }, i: number) {
  const entry = catalogEntry(node.template);
  const seen = new Set<string>();
  (node.ports ?? []).forEach((port, j) => {
    const at = ['nodes', i, 'ports', j];
    if (entry && !entry.ports.some((p) => p.name === port.name))
      report(
        ctx,
        [...at, 'name'],
        `${entry.name} has no port "${port.name}" (ports: ${listNames(entry.ports.map((p) => p.name))})`,
      );
    if (seen.has(port.name))
      report(ctx, [...at, 'name'], `"${port.name}" is listed twice: list each port once`);
    seen.add(port.name);
    checkExposure(ctx, at, port, undefined);
  });
}

/** `hostNetworkPort`: the container port, when the node listens on the host directly. */
function checkExposure(
  ctx: SpecContext,
  at: (string | number)[],
  port: MiddlewarePortSpec,
  hostNetworkPort: number | undefined,
) {
  if (port.serviceType === 'LoadBalancer' && port.expose !== true)
    report(
      ctx,
      [...at, 'serviceType'],
      'LoadBalancer makes the port reachable from outside the app: set expose: true, or use ClusterIP',
    );
  if (port.hostPort !== undefined && port.expose !== true)
    report(
      ctx,
      [...at, 'hostPort'],
      'a host port makes the port reachable from outside the app: set expose: true, or remove hostPort',
    );
  if (
    port.expose === true &&
    port.serviceType === 'ClusterIP' &&
    port.hostPort === undefined &&
    hostNetworkPort === undefined
  )
    report(
      ctx,
      [...at, 'serviceType'],
      'an exposed port needs serviceType LoadBalancer or a hostPort: ClusterIP is reachable only inside the app',
    );
  if (
    hostNetworkPort !== undefined &&
    port.hostPort !== undefined &&
    port.hostPort !== hostNetworkPort
  )
    report(
      ctx,
      [...at, 'hostPort'],
      `a host-network node listens on the host directly: hostPort must equal port (${hostNetworkPort}) or be left out`,
    );
}

interface HostClaim {
  path: (string | number)[];
  owner: string;
}

function checkHostCollisions(ctx: SpecContext) {
  const claims = new Map<string, HostClaim>();
  ctx.nodes.forEach((node, i) => {
    if (node.kind !== 'custom' && node.kind !== 'middleware') return;
    const hostNetwork = node.kind === 'custom' && node.hostNetwork === true;
    for (const port of effectivePorts(node)) {
      const claim = hostSide(port, hostNetwork);
      if (!claim) continue;
      const path = [
        'nodes',
        i,
        'ports',
        port.index ?? 0,
        node.kind === 'middleware' && claim.field === 'port' ? 'name' : claim.field,
      ];
      const key = `${claim.port}/${port.protocol}`;
      const first = claims.get(key);
      if (first)
        report(
          ctx,
          path,
          `host port ${key} is already used by ${first.owner}: two nodes of the app cannot listen on the same host port; choose another`,
        );
      else claims.set(key, { path, owner: `node ${node.name} (${formatPath(path)})` });
    }
  });
}

/** The port of the host this port occupies, if any. */
function hostSide(
  port: EffectivePort,
  hostNetwork: boolean,
): { port: number; field: 'port' | 'hostPort' } | undefined {
  if (hostNetwork) return { port: port.port, field: 'port' };
  if (port.hostPort !== undefined) return { port: port.hostPort, field: 'hostPort' };
  if (port.expose && port.serviceType === 'LoadBalancer') return { port: port.port, field: 'port' };
  return undefined;
}
