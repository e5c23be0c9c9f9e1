/**
 * The deploy plan: what an agent or the server needs to roll an app version out, with
 * every reference resolved as far as the spec allows. Plain JSON, so it can be stored and
 * sent as is. It never holds a secret value: secrets and secret parameters stay
 * references, filled in by whoever holds the secret store, at deploy time.
 */

/**
 * One piece of a value. A string is literal text. The objects are values known only at
 * deploy time, by key:
 * - `secret: 'db.password'` — generated per instance (listed in `DeployPlan.secrets`);
 * - `param: 'site'` — a parameter of the instance (secret, or without a value at plan time);
 * - `provisioned: 'db.host'` — filled by the platform that provisions a managed database.
 */
export type ValuePart = string | { secret: string } | { param: string } | { provisioned: string };

/** A value: its parts concatenated. `['db']` is fully known; `['']` is the empty string. */
export type PlannedValue = ValuePart[];

export interface PlannedPort {
  name: string;
  port: number;
  protocol: 'tcp' | 'udp';
  expose: boolean;
  serviceType: 'ClusterIP' | 'LoadBalancer';
  hostPort?: number;
}

/** A health check with every default applied and port names turned into numbers. */
export interface PlannedHealth {
  http?: { path: string; port: number };
  tcp?: { port: number };
  exec?: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  startPeriodSeconds: number;
}

export interface PlannedResources {
  cpuMillicores: number;
  memoryMi: number;
}

interface PlannedNodeBase {
  name: string;
  /** The level of `DeployPlan.levels` the node is in. */
  level: number;
  /** Direct dependencies, sorted. */
  dependsOn: string[];
  /** Per replica. */
  resources: PlannedResources;
  replicas: number;
}

/**
 * A volume: private to the node (identified by node name + volume name), or, with
 * `hostPath`, a path of the host mounted as it is.
 */
export interface PlannedVolume {
  name: string;
  mountPath: string;
  /** Canonical (see container-security.ts); checked against the account's policy. */
  hostPath?: string;
  /** Set with hostPath only. */
  readOnly?: boolean;
}

/** What a container may do on its host beyond the defaults, in canonical form (R15). */
export interface PlannedSecurity {
  privileged: boolean;
  hostPID: boolean;
  /** Canonical names (`NET_ADMIN`, `ALL`), sorted, once each. */
  capabilities: string[];
  devices: { hostPath: string; containerPath: string; permissions: string }[];
}

/** A container the runtime starts: custom, init, or middleware expanded from the catalog. */
export interface PlannedContainer extends PlannedNodeBase {
  kind: 'custom' | 'init' | 'middleware';
  /** Full reference with tag or digest. */
  image: string;
  command?: string[];
  args?: string[];
  ports: PlannedPort[];
  hostNetwork: boolean;
  env: Record<string, PlannedValue>;
  health?: PlannedHealth;
  logPath?: string;
  volumes: PlannedVolume[];
  /** Present only when the node asks for more than the defaults. */
  security?: PlannedSecurity;
  /** `always`: restarted when unhealthy; `until-success`: init nodes, never after success. */
  restart: 'always' | 'until-success';
  /** The catalog entry a middleware node came from. */
  template?: { name: string; version: string };
}

/** A database the platform provisions for a managed node. */
export interface PlannedDatabase extends PlannedNodeBase {
  kind: 'managed';
  engine: string;
  version: string;
}

export type PlannedNode = PlannedContainer | PlannedDatabase;

/** A secret generated once per instance before the first deployment. */
export interface PlannedSecret {
  /** `node.param`, as in `{ secret: key }`. */
  key: string;
  node: string;
  name: string;
  length: number;
  /** Whether symbols are required (some engines insist on character classes). */
  symbols: boolean;
}

export interface DeployPlan {
  specVersion: number;
  /** Level 0: nodes without dependencies; each level deploys in parallel; names sorted. */
  levels: string[][];
  /** Every node once, in deploy order (by level, then name). */
  nodes: PlannedNode[];
  secrets: PlannedSecret[];
  /** Parameters whose value the instance must supply at deploy time, sorted. */
  deployTimeParams: string[];
  /** Sum over nodes of per-replica resources × replicas. */
  totals: PlannedResources;
}
