import type { InstanceWorkloadSpec, WorkloadNodePhase } from '@berth/spec';

/** A container of the instance as the engine lists it (identity from its labels). */
export interface SeenContainer {
  id: string;
  node: string;
  replica: number;
  hash: string;
  /** The workload revision it was created for. */
  revision: string;
  /** The engine's state: `created`, `running`, `exited`, `paused`, `dead`… */
  state: string;
}

/** What the supervisor knows about one container beyond the engine's listing. */
export interface ContainerFacts {
  /** Ready by its health check; undefined for a node without one (then: settled). */
  healthy?: boolean;
  /** Past its health check's failure threshold. */
  unhealthy?: boolean;
  /** When it was first seen running (epoch ms). */
  runningSince?: number;
  /** The agent stopped it (a stopped instance): starting it again is no restart. */
  stoppedByAgent?: boolean;
  /** Why it last exited, for messages. */
  exitMessage?: string;
  /** Its exit code, once exited. */
  exitCode?: number;
}

/** The image of a node: checked and present, being pulled, or failed. */
export type ImageState =
  | { state: 'unknown' }
  | { state: 'present' }
  | { state: 'pulling' }
  | { state: 'failed'; message: string; terminal: boolean; retryAt: number };

/** Restart bookkeeping of one replica (`node/replica`). */
export interface RestartState {
  restarts: number;
  /** Not restarted before this time (epoch ms): the backoff. */
  nextAt: number;
}

/** Work in flight for a key (`node/replica`, `pull:node`, `rm:<id>`). */
export type BusyWith = 'pulling' | 'creating' | 'starting' | 'stopping' | 'removing';

export interface PlanInput {
  spec: InstanceWorkloadSpec;
  revision: string;
  now: number;
  /** How long a node without a health check must run to count as healthy. */
  settleMs: number;
  containers: SeenContainer[];
  facts: ReadonlyMap<string, ContainerFacts>;
  images: ReadonlyMap<string, ImageState>;
  restarts: ReadonlyMap<string, RestartState>;
  /** Init nodes that succeeded: node → hash. */
  initDone: ReadonlyMap<string, string>;
  busy: ReadonlyMap<string, BusyWith>;
  /** Replicas whose last create or start failed: not tried again before `until`. */
  holds: ReadonlyMap<string, Hold>;
}

/** A replica held back after a failed create or start. */
export interface Hold {
  until: number;
  message: string;
}

/** What the planner asks the supervisor to do. */
export type PlanAction =
  | { type: 'pull'; node: string }
  | { type: 'create'; node: string; replica: number; replace?: string }
  | { type: 'start'; node: string; replica: number; container: string; restart: boolean }
  | { type: 'restart'; node: string; replica: number; container: string }
  | { type: 'stop'; node: string; replica: number; container: string }
  | { type: 'remove'; node: string; replica: number; container: string; why: string };

/** One node as the plan sees it, for the status. */
export interface NodeReport {
  name: string;
  phase: WorkloadNodePhase;
  ready: boolean;
  message?: string;
}

export interface InstancePlan {
  actions: PlanAction[];
  nodes: NodeReport[];
}

/** The busy/hold/restart key of one replica. */
export const replicaKey = (node: string, replica: number) => `${node}/${replica}`;
/** The busy key of a node's image check and pull. */
export const pullKey = (node: string) => `pull:${node}`;
/** The busy key of a container being removed. */
export const removeKey = (container: string) => `rm:${container}`;
