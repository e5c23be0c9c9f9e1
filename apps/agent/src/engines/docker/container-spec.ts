import type { InstanceWorkloadSpec, WorkloadNode } from '@berth/spec';
import { containerName, instanceLabels, labelKeys, type OwnerLabels, volumeDir } from './naming.js';

/** Both limits, or none: Podman fills a missing one with 1048576 (docs/podman.md). */
export interface UlimitPair {
  nofile: number;
  nproc: number;
}

/** Everything that decides one replica's container. */
export interface ContainerContext {
  /** The workload id (the instance id): the `berth.instance` label. */
  workloadId: string;
  spec: Pick<InstanceWorkloadSpec, 'instance'>;
  node: WorkloadNode;
  replica: number;
  revision: string;
  /** The reference to run (after mirror rewriting). */
  image: string;
  network: string;
  storageRoot: string;
  owner: OwnerLabels;
  /** Unset: the engine's defaults (on Podman, the containers.conf drop-in's). */
  ulimits?: UlimitPair;
  stopTimeoutSeconds?: number;
}

/** The body of `POST /containers/create` (the fields the driver sets). */
export interface ContainerCreateBody {
  Image: string;
  Entrypoint?: string[];
  Cmd?: string[];
  Env: string[];
  Labels: Record<string, string>;
  Hostname?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  StopTimeout: number;
  HostConfig: {
    NetworkMode: string;
    PortBindings?: Record<string, Array<{ HostPort: string }>>;
    NanoCpus?: number;
    Memory?: number;
    Mounts: Array<{ Type: 'bind'; Source: string; Target: string; ReadOnly: boolean }>;
    Privileged: boolean;
    PidMode?: 'host';
    CapAdd: string[];
    Devices: Array<{ PathOnHost: string; PathInContainer: string; CgroupPermissions: string }>;
    SecurityOpt: string[];
    RestartPolicy: { Name: 'no' };
    Ulimits?: Array<{ Name: string; Soft: number; Hard: number }>;
  };
  NetworkingConfig?: { EndpointsConfig: Record<string, { Aliases: string[] }> };
}

/**
 * The container of one replica of a node, as the engine is asked to create it. Pure.
 *
 * - `command`/`args` become Entrypoint/Cmd as argv arrays, never a shell string (R14);
 *   `command` without `args` clears the image's CMD, as Kubernetes does.
 * - Env from `env` (the values are secrets: never logged, R12).
 * - Ports: `hostPort` is published on the host by replica 0 only (one host port cannot
 *   be bound twice); every port is reachable as `<node>:<port>` on the instance network,
 *   where each replica carries the node's name as alias. `hostNetwork` uses the host's.
 * - Limits: `NanoCpus` from cpuMillis, `Memory` from memoryMi.
 * - Volumes: bind mounts of `<root>/<instance>/<node>/<volume>`; a volume with `hostPath`
 *   binds that host path instead (read-only when asked).
 * - R15: by default never privileged, no added capabilities, no devices, the engine's
 *   own PID namespace and security options; nothing of the host but the storage root
 *   and, when asked, its network. A node's `security` (which the control plane checked
 *   against the account's container policy, and `readInstanceSpec` checked for canonical
 *   paths) adds exactly what it lists. The agent supervises restarts (RestartPolicy `no`).
 */
export function buildContainerSpec(ctx: ContainerContext): {
  name: string;
  body: ContainerCreateBody;
} {
  const { node, replica, spec } = ctx;
  const portKeys = node.ports.map((p) => `${p.port}/${p.protocol}`);
  const published = node.hostNetwork || replica !== 0 ? [] : node.ports.filter((p) => p.hostPort);
  const body: ContainerCreateBody = {
    Image: ctx.image,
    ...argv(node),
    Env: Object.entries(node.env).map(([key, value]) => `${key}=${value}`),
    Labels: {
      ...instanceLabels(ctx.owner, ctx.workloadId, spec.instance),
      [labelKeys.node]: node.name,
      [labelKeys.nodeKind]: node.kind,
      [labelKeys.hash]: node.hash,
      [labelKeys.replica]: String(replica),
      [labelKeys.revision]: ctx.revision,
    },
    ...(node.hostNetwork ? {} : { Hostname: `${node.name}-${replica}` }),
    ...(portKeys.length > 0 && !node.hostNetwork
      ? { ExposedPorts: Object.fromEntries(portKeys.map((key) => [key, {}])) }
      : {}),
    StopTimeout: ctx.stopTimeoutSeconds ?? 10,
    HostConfig: {
      NetworkMode: node.hostNetwork ? 'host' : ctx.network,
      ...(published.length > 0
        ? {
            PortBindings: Object.fromEntries(
              published.map((p) => [`${p.port}/${p.protocol}`, [{ HostPort: String(p.hostPort) }]]),
            ),
          }
        : {}),
      ...(node.resources.cpuMillis ? { NanoCpus: node.resources.cpuMillis * 1_000_000 } : {}),
      ...(node.resources.memoryMi ? { Memory: node.resources.memoryMi * 1024 * 1024 } : {}),
      Mounts: node.volumes.map((volume) => ({
        Type: 'bind' as const,
        Source:
          volume.hostPath ?? volumeDir(ctx.storageRoot, spec.instance, node.name, volume.name),
        Target: volume.mountPath,
        ReadOnly: volume.hostPath !== undefined && volume.readOnly === true,
      })),
      ...security(node),
      SecurityOpt: [],
      RestartPolicy: { Name: 'no' },
      ...(ctx.ulimits
        ? {
            Ulimits: [
              { Name: 'nofile', Soft: ctx.ulimits.nofile, Hard: ctx.ulimits.nofile },
              { Name: 'nproc', Soft: ctx.ulimits.nproc, Hard: ctx.ulimits.nproc },
            ],
          }
        : {}),
    },
    ...(node.hostNetwork
      ? {}
      : { NetworkingConfig: { EndpointsConfig: { [ctx.network]: { Aliases: [node.name] } } } }),
  };
  return { name: containerName(spec.instance, node.name, replica), body };
}

/** The node's `security`, or the defaults: nothing beyond what every container gets. */
function security(
  node: WorkloadNode,
): Pick<ContainerCreateBody['HostConfig'], 'Privileged' | 'PidMode' | 'CapAdd' | 'Devices'> {
  const asked = node.security;
  return {
    Privileged: asked?.privileged ?? false,
    ...(asked?.hostPID ? { PidMode: 'host' as const } : {}),
    CapAdd: [...(asked?.capabilities ?? [])],
    Devices: (asked?.devices ?? []).map((d) => ({
      PathOnHost: d.hostPath,
      PathInContainer: d.containerPath,
      CgroupPermissions: d.permissions,
    })),
  };
}

function argv(node: WorkloadNode): Pick<ContainerCreateBody, 'Entrypoint' | 'Cmd'> {
  if (node.command) return { Entrypoint: [...node.command], Cmd: [...(node.args ?? [])] };
  if (node.args) return { Cmd: [...node.args] };
  return {};
}

/**
 * Where a node can be reached: `<host>:<hostPort>` for published ports (and every port
 * of a host-network node), `<node>:<port>` inside the instance network otherwise.
 */
export function nodeEndpoints(node: WorkloadNode, hostAddress: string): string[] {
  return node.ports.map((p) => {
    if (node.hostNetwork) return `${hostAddress}:${p.port}`;
    if (p.hostPort) return `${hostAddress}:${p.hostPort}`;
    return `${node.name}:${p.port}`;
  });
}
