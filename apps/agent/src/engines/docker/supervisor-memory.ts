import type { InstanceWorkloadSpec, RegistrySettings } from '@berth/spec';
import type { AgentLogger } from '../../agent-logger.js';
import type { ReconcileEvent } from '../../reconcile/engine-driver.js';
import type { RestartPolicy } from './container-exit.js';
import type { UlimitPair } from './container-spec.js';
import type { DriverState } from './driver-state.js';
import type { EngineApi } from './engine-api.js';
import type { HealthMonitor } from './health-check.js';
import type { OwnerLabels } from './naming.js';
import type { BusyWith, ContainerFacts, Hold, ImageState, RestartState } from './plan-types.js';

/** How fast the supervisor looks and how patient it is. */
export interface SupervisorTimings {
  /** Between ticks of a converged instance (crash detection). */
  pollMs: number;
  /** Between ticks while something is in progress. */
  busyPollMs: number;
  /**
   * Between ticks while an init node started less than `initWatchMs` ago: its exit
   * starts the next level, and the engine's `died` event comes late (Podman writes it
   * from the cleanup process it spawns, 100–200 ms after the exit), while a listing shows
   * the exit at once. Longer-running inits fall back to `busyPollMs` and the events.
   */
  initPollMs?: number;
  initWatchMs?: number;
  /** A node without a health check counts as healthy after running this long. */
  settleMs: number;
  stopTimeoutSeconds: number;
  restart: RestartPolicy;
  /** First retry of a pull that failed for a reason that may pass (network). */
  pullRetryMs: number;
  pullRetryCapMs: number;
}

/** What every instance supervisor is handed by the driver. */
export interface SupervisorDeps {
  api: EngineApi;
  owner: OwnerLabels;
  storageRoot: string;
  /** How the host is named in endpoints (`<address>:<hostPort>`). */
  hostAddress: string;
  state: DriverState;
  timings: SupervisorTimings;
  ulimits?: UlimitPair;
  registries(): RegistrySettings | undefined;
  emit(event: ReconcileEvent): void;
  /** The instance's status changed. */
  changed(): void;
  logger: AgentLogger;
  now(): number;
}

/** The spec being carried out. */
export interface Target {
  spec: InstanceWorkloadSpec;
  revision: string;
  network: string;
  /**
   * Hides env values and registry passwords in what a container printed (its last
   * lines, an exec check's output) before that reaches an event or a status (R12). The
   * driver's own messages never contain them.
   */
  redact: (text: string) => string;
}

/** One container the supervisor has seen. */
export interface Tracked {
  node: string;
  replica: number;
  name: string;
  facts: ContainerFacts;
  lastState: string;
  /** Its address on the instance network. */
  ip?: string;
  monitor?: HealthMonitor;
  /** Its memory cgroup was seen at the limit while it ran. */
  hitMemoryLimit: boolean;
}

/** Everything one supervisor remembers between ticks (lost on restart, by design). */
export interface InstanceMemory {
  tracked: Map<string, Tracked>;
  /** By node name; `ref` is the reference the state is about. */
  images: Map<string, ImageState & { ref: string; failures?: number }>;
  /** By replica key; `failures` counts failures in a row (the backoff). */
  restarts: Map<string, RestartState & { failures: number }>;
  holds: Map<string, Hold & { failures: number }>;
  busy: Map<string, BusyWith>;
  networkReady: boolean;
  /** Failure messages already sent as events (key → message), so a retry loop is quiet. */
  reported: Map<string, string>;
}

export function emptyMemory(): InstanceMemory {
  return {
    tracked: new Map(),
    images: new Map(),
    restarts: new Map(),
    holds: new Map(),
    busy: new Map(),
    networkReady: false,
    reported: new Map(),
  };
}

/** Clears what a container's previous run left: a (re)start begins afresh. */
export function freshRun(tracked: Tracked | undefined): void {
  if (!tracked) return;
  tracked.monitor?.stop();
  tracked.monitor = undefined;
  tracked.facts = {};
  tracked.lastState = 'starting';
  tracked.hitMemoryLimit = false;
}
