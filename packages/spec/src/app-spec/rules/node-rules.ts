import type { ContainerNode, HealthSpec } from '../node-schema.js';
import { listNames, report, type SpecContext } from './spec-context.js';

/**
 * Rules inside one custom or init node: what an init node may not have, a health check
 * that says exactly one thing, volumes that do not clash, and security settings listed
 * once (compared in their canonical spelling, so `CAP_X` and `x` are the same).
 */
export function checkNodes(ctx: SpecContext): void {
  ctx.nodes.forEach((node, i) => {
    if (node.kind !== 'custom' && node.kind !== 'init') return;
    if (node.kind === 'init') checkInit(ctx, node, i);
    if (node.health) checkHealth(ctx, node, node.health, i);
    checkVolumes(ctx, node, i);
    checkSecurity(ctx, node, i);
  });
}

function checkInit(ctx: SpecContext, node: ContainerNode, i: number) {
  const why = 'an init node runs to completion once per deployment';
  if ((node.ports ?? []).length > 0)
    report(
      ctx,
      ['nodes', i, 'ports'],
      `${why} and serves nothing: remove ports (or make it a custom node)`,
    );
  if ((node.replicas ?? 1) > 1) report(ctx, ['nodes', i, 'replicas'], `${why}: replicas must be 1`);
  if (node.health)
    report(ctx, ['nodes', i, 'health'], `${why}; its exit code is its health: remove health`);
}

function checkHealth(ctx: SpecContext, node: ContainerNode, health: HealthSpec, i: number) {
  const at = ['nodes', i, 'health'];
  const probes = (['http', 'tcp', 'exec'] as const).filter((k) => health[k] !== undefined);
  if (probes.length !== 1) {
    const found = probes.length === 0 ? 'none' : probes.join(' and ');
    report(ctx, at, `must have exactly one of http, tcp or exec (found ${found})`);
    return;
  }
  const port = health.http?.port ?? health.tcp?.port;
  if (typeof port !== 'string') return;
  const names = (node.ports ?? []).map((p) => p.name);
  if (!names.includes(port))
    report(
      ctx,
      [...at, health.http ? 'http' : 'tcp', 'port'],
      `names no port of node ${node.name}${names.length ? ` (ports: ${listNames(names)})` : ' (it declares no ports)'}: use a declared port name or a number`,
    );
}

function checkVolumes(ctx: SpecContext, node: ContainerNode, i: number) {
  const names = new Map<string, number>();
  const mounts = new Map<string, number>();
  (node.volumes ?? []).forEach((volume, j) => {
    const at = ['nodes', i, 'volumes', j];
    const sameName = names.get(volume.name);
    if (sameName !== undefined)
      report(
        ctx,
        [...at, 'name'],
        `"${volume.name}" is already the name of volumes[${sameName}]: volume names must be unique in a node`,
      );
    else names.set(volume.name, j);
    const sameMount = mounts.get(volume.mountPath);
    if (sameMount !== undefined)
      report(
        ctx,
        [...at, 'mountPath'],
        `${volume.mountPath} is already the mount path of volumes[${sameMount}]: mount each path once`,
      );
    else mounts.set(volume.mountPath, j);
    if (volume.readOnly !== undefined && volume.hostPath === undefined)
      report(
        ctx,
        [...at, 'readOnly'],
        'applies to host paths only: add hostPath, or remove readOnly (a private volume is always writable)',
      );
  });
}

function checkSecurity(ctx: SpecContext, node: ContainerNode, i: number) {
  const at = ['nodes', i, 'security'];
  const capabilities = new Map<string, number>();
  (node.security?.capabilities ?? []).forEach((capability, j) => {
    const first = capabilities.get(capability);
    if (first === undefined) capabilities.set(capability, j);
    else
      report(
        ctx,
        [...at, 'capabilities', j],
        `${capability} is already capabilities[${first}] (spellings are compared in canonical form): list it once`,
      );
  });
  const targets = new Map<string, number>();
  (node.security?.devices ?? []).forEach((device, j) => {
    // Canonical `HOST:CONTAINER:PERMS`: two devices may not land on one container path.
    const target = device.split(':')[1] ?? device;
    const first = targets.get(target);
    if (first === undefined) targets.set(target, j);
    else
      report(
        ctx,
        [...at, 'devices', j],
        `maps onto ${target} in the container, like devices[${first}]: give each device its own path`,
      );
  });
}
