import type {
  InstanceWorkloadSpec,
  RegistrySettings,
  WorkloadHealth,
  WorkloadNode,
} from '@berth/spec';
import { resolveImage } from '../../apps/agent/src/engines/docker/image-ref.js';

/** A compose service and the node (and replica) it stands for. */
export interface ComposeService {
  service: string;
  node: WorkloadNode;
  replica: number;
}

/**
 * Baseline (b)'s compose file: the instance's containers as Compose services, as close to
 * what the agent creates as Compose allows. One service per replica (`api-0`, `api-1`…),
 * because only replica 0 publishes the host port and Compose's `scale` cannot say that;
 * every replica carries its node's name as network alias, as the agent's do. Same images
 * (through the mirror), argv, env values, limits, bind-mounted volumes (under
 * `volumeRoot`). The levels become `depends_on` with the strongest condition: an init
 * node `service_completed_successfully`, a node with a health check `service_healthy`
 * (its check as a Compose healthcheck run inside the container: the same argv, or
 * busybox `wget`/`nc` for HTTP/TCP), else `service_started`.
 */
export function composeFile(options: {
  spec: InstanceWorkloadSpec;
  registries: RegistrySettings | undefined;
  label: Record<string, string>;
  volumeRoot: string;
}): { document: Record<string, unknown>; services: ComposeService[] } {
  const { spec } = options;
  const byName = new Map(spec.nodes.map((n) => [n.name, n]));
  const services: ComposeService[] = [];
  const document: Record<string, Record<string, unknown>> = {
    services: {},
    networks: { default: { labels: options.label } },
  };
  let previous: ComposeService[] = [];
  for (const level of spec.levels) {
    const current: ComposeService[] = [];
    for (const name of level) {
      const node = byName.get(name)!;
      const count = node.kind === 'init' ? Math.min(1, node.replicas) : node.replicas;
      for (let replica = 0; replica < count; replica++) {
        const entry = { service: `${node.name}-${replica}`, node, replica };
        document.services![entry.service] = service(options, node, replica, previous);
        current.push(entry);
      }
    }
    services.push(...current);
    previous = current;
  }
  return { document, services };
}

function service(
  options: Parameters<typeof composeFile>[0],
  node: WorkloadNode,
  replica: number,
  dependsOn: ComposeService[],
): Record<string, unknown> {
  const published = replica === 0 ? node.ports.filter((p) => p.hostPort) : [];
  return {
    image: resolveImage(node.image, options.registries).ref,
    hostname: `${node.name}-${replica}`,
    ...(node.command ? { entrypoint: node.command } : {}),
    ...(node.args ? { command: node.args } : {}),
    environment: node.env,
    labels: options.label,
    networks: { default: { aliases: [node.name] } },
    ...(published.length > 0
      ? { ports: published.map((p) => `${p.hostPort}:${p.port}/${p.protocol}`) }
      : {}),
    ...(node.resources.cpuMillis ? { cpus: node.resources.cpuMillis / 1000 } : {}),
    ...(node.resources.memoryMi ? { mem_limit: `${node.resources.memoryMi}m` } : {}),
    ...(node.volumes.length > 0
      ? {
          volumes: node.volumes.map(
            (v) => `${options.volumeRoot}/${node.name}-${replica}/${v.name}:${v.mountPath}`,
          ),
        }
      : {}),
    ...(node.health && node.kind !== 'init' ? { healthcheck: healthcheck(node.health) } : {}),
    ...(dependsOn.length > 0
      ? { depends_on: Object.fromEntries(dependsOn.map((d) => [d.service, condition(d.node)])) }
      : {}),
  };
}

function healthcheck(health: WorkloadHealth): Record<string, unknown> {
  const { check } = health;
  const test =
    check.type === 'exec'
      ? ['CMD', ...check.command]
      : check.type === 'http'
        ? ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${check.port}${check.path}`]
        : ['CMD', 'nc', '-z', '127.0.0.1', String(check.port)];
  return {
    test,
    interval: `${health.intervalSeconds}s`,
    timeout: `${health.timeoutSeconds}s`,
    retries: health.failureThreshold,
    // The stand-in timer (compose-chain.ts) probes every 50 ms, not once per interval: its
    // early failures must not count, as the agent counts at most one per interval.
    start_period: `${Math.max(health.startPeriodSeconds, 120)}s`,
  };
}

function condition(node: WorkloadNode): { condition: string } {
  if (node.kind === 'init') return { condition: 'service_completed_successfully' };
  if (node.health) return { condition: 'service_healthy' };
  return { condition: 'service_started' };
}
