import { z } from 'zod';

/**
 * The workload an agent's container driver runs for one instance on its host (workload
 * kind `instance`): the app spec's deploy plan, resolved by the control plane for this
 * instance and this host — images, environment values (generated secrets included),
 * ports to publish, volumes, health checks. The driver needs nothing else to act.
 *
 * Every node carries a `hash` of its own resolved spec: an upgrade recreates exactly the
 * nodes whose hash changed, and containers are labelled with it (`berth.spec-hash`) so a
 * restarted agent recognises what it already runs.
 */
export const instanceWorkloadKind = 'instance';

const name = z.string().min(1).max(63);
const argv = z.array(z.string().max(8192)).max(256);

export const workloadHealth = z.object({
  check: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('http'),
      path: z.string().max(1024),
      port: z.number().int().min(1).max(65535),
    }),
    z.object({ type: z.literal('tcp'), port: z.number().int().min(1).max(65535) }),
    z.object({ type: z.literal('exec'), command: argv.min(1) }),
  ]),
  intervalSeconds: z.number().int().min(1).max(3600),
  timeoutSeconds: z.number().int().min(1).max(600),
  failureThreshold: z.number().int().min(1).max(100),
  startPeriodSeconds: z.number().int().min(0).max(3600),
});
export type WorkloadHealth = z.infer<typeof workloadHealth>;

export const workloadSecurity = z.object({
  privileged: z.boolean(),
  hostPID: z.boolean(),
  capabilities: z.array(z.string().max(64)).max(64),
  devices: z
    .array(
      z.object({
        hostPath: z.string().max(1024),
        containerPath: z.string().max(1024),
        permissions: z.string().max(3),
      }),
    )
    .max(64),
});
export type WorkloadSecurity = z.infer<typeof workloadSecurity>;

export const workloadNode = z.object({
  name,
  /** `init` runs to completion once per hash; the others are kept running. */
  kind: z.enum(['custom', 'middleware', 'init']),
  image: z.string().min(1).max(512),
  command: argv.optional(),
  args: argv.optional(),
  env: z.record(z.string().max(256), z.string().max(65_536)),
  ports: z
    .array(
      z.object({
        name,
        port: z.number().int().min(1).max(65535),
        protocol: z.enum(['tcp', 'udp']),
        /** Published on the host (exposed LoadBalancer ports); absent: reachable inside the instance only. */
        hostPort: z.number().int().min(1).max(65535).optional(),
      }),
    )
    .max(64),
  hostNetwork: z.boolean(),
  resources: z.object({
    cpuMillis: z.number().int().min(1).optional(),
    memoryMi: z.number().int().min(1).optional(),
  }),
  replicas: z.number().int().min(0).max(100),
  health: workloadHealth.optional(),
  logPath: z.string().max(1024).optional(),
  /**
   * Private volumes under the agent's storage root, or, with `hostPath`, a host path
   * bind-mounted as it is (canonical; the control plane checked the account's policy).
   */
  volumes: z
    .array(
      z.object({
        name,
        mountPath: z.string().max(1024),
        hostPath: z.string().max(1024).optional(),
        readOnly: z.boolean().optional(),
      }),
    )
    .max(32),
  /**
   * Beyond the defaults, in canonical form (R15). Absent: not privileged, the engine's own
   * PID namespace, no added capabilities, no devices. An agent that predates the field
   * drops it, and so runs the node with the defaults: it fails closed.
   */
  security: workloadSecurity.optional(),
  hash: z.string().min(8).max(128),
});
export type WorkloadNode = z.infer<typeof workloadNode>;

export const instanceWorkloadSpec = z.object({
  instance: z.string().min(1).max(63),
  instanceId: z.string().min(1).max(64),
  app: z.string().max(63),
  version: z.string().max(64),
  /** Nodes in dependency levels: a level starts once the previous one is healthy. */
  levels: z.array(z.array(name)).max(500),
  nodes: z.array(workloadNode).max(500),
  /** Stopped instances keep their containers, stopped; deleting the workload removes them. */
  stopped: z.boolean(),
  /** Keep the instance's volumes when the workload is removed. */
  keepVolumes: z.boolean(),
  /** How long a deployment may take before its nodes count as failed. */
  deadlineSeconds: z.number().int().min(10).max(86_400),
});
export type InstanceWorkloadSpec = z.infer<typeof instanceWorkloadSpec>;

/** Phases a node of a workload goes through, as the agent reports them. */
export const workloadNodePhases = [
  'pending',
  'pulling',
  'creating',
  'starting',
  'running',
  'unhealthy',
  'completed',
  'failed',
  'stopped',
] as const;
export type WorkloadNodePhase = (typeof workloadNodePhases)[number];

/** Registry settings pushed to agents: mirrors and credentials for pulling images. */
export const registrySettings = z.object({
  /** `docker.io` → `mirror.site.local:5000`: images of the registry are pulled from the mirror. */
  mirrors: z.record(z.string().max(253), z.string().max(253)).default({}),
  /** Credentials by registry host (the control plane stores them encrypted). */
  auths: z
    .record(
      z.string().max(253),
      z.object({ username: z.string().max(256), password: z.string().max(4096) }),
    )
    .default({}),
});
export type RegistrySettings = z.infer<typeof registrySettings>;
