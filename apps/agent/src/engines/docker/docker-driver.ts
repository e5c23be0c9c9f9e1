import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { instanceWorkloadKind, type RegistrySettings, type Workload } from '@berth/spec';
import { type AgentLogger, createAgentLogger } from '../../agent-logger.js';
import { hostAddresses } from '../../facts/collect-facts.js';
import {
  type DriverContext,
  type EngineDriver,
  type LogsRequest,
  type ObservedNode,
  type ObservedWorkload,
  type OutputSink,
  type ReconcileAction,
  RetryLaterError,
  TerminalError,
} from '../../reconcile/engine-driver.js';
import { ContainerEvents } from './container-events.js';
import { defaultRestartPolicy } from './container-exit.js';
import { streamLogs } from './container-logs.js';
import type { UlimitPair } from './container-spec.js';
import { DriverState } from './driver-state.js';
import { type ContainerSummary, EngineApi } from './engine-api.js';
import {
  EngineClient,
  type EngineRequestListener,
  EngineUnavailableError,
} from './engine-client.js';
import { InstanceSupervisor } from './instance-supervisor.js';
import {
  instanceDir,
  isDnsLabel,
  labelKeys,
  type OwnerLabels,
  ownerSelector,
  readIdentity,
} from './naming.js';
import type { SupervisorTimings } from './supervisor-memory.js';
import { nodeNamesOf, readInstanceSpec } from './workload-spec.js';

export interface DockerDriverOptions {
  /** Unix sockets of a Docker Engine API to try, in order (`engineSockets()`). */
  sockets: string[];
  /** `none`: report every instance failed ("no container engine on this host"). */
  engine?: 'auto' | 'none';
  /** The agent's state directory: the driver keeps `containers.json` there. */
  stateDir: string;
  /** Root of the instances' volumes. Default `<stateDir>/volumes`. */
  storageDir?: string;
  /** How endpoints name this host. Default: its first IPv4 address, else its hostname. */
  hostAddress?: string;
  /** The owner label (the agent's node id); default: the node id `attach` gives. */
  owner?: string;
  /** Extra labels on everything created (tests: `berth.test=<run>`). */
  labels?: Record<string, string>;
  timings?: Partial<SupervisorTimings>;
  /** Set both ulimits on every container; default: the engine's (see docs/podman.md). */
  ulimits?: UlimitPair;
  /** Told of every engine call (tests count mutating ones). */
  onRequest?: EngineRequestListener;
  logger?: AgentLogger;
  now?: () => number;
}

const noEngine = 'no container engine on this host';

/**
 * The container driver (workload kind `instance`): runs an instance's nodes as
 * containers through the Docker Engine API (Docker, or Podman's compatible service).
 * `apply` validates the spec, records it and hands it to the instance's supervisor,
 * which carries it out over time (levels, health, restarts; see instance-supervisor.ts);
 * `observe` reports the supervisors' views, and instances found on the engine by their
 * labels that nobody supervises yet (after a restart: the plan adopts them with
 * `start`). Removal deletes containers, network and — unless `keepVolumes` — volumes.
 */
export class DockerDriver implements EngineDriver {
  readonly kind = instanceWorkloadKind;
  private readonly supervisors = new Map<string, InstanceSupervisor>();
  private readonly storageRoot: string;
  private readonly timings: SupervisorTimings;
  private context: DriverContext | undefined;
  private registries: RegistrySettings | undefined;
  private api: EngineApi | undefined;
  private lastProbe = Number.NEGATIVE_INFINITY;
  private state: Promise<DriverState> | undefined;
  private events: ContainerEvents | undefined;
  private readonly logger: AgentLogger;
  private readonly now: () => number;

  constructor(private readonly options: DockerDriverOptions) {
    this.storageRoot = resolve(options.storageDir ?? join(options.stateDir, 'volumes'));
    this.logger = options.logger ?? createAgentLogger('warn');
    this.now = options.now ?? Date.now;
    this.timings = {
      pollMs: 2000,
      busyPollMs: 500,
      settleMs: 1000,
      stopTimeoutSeconds: 10,
      restart: defaultRestartPolicy,
      pullRetryMs: 30_000,
      pullRetryCapMs: 10 * 60_000,
      ...options.timings,
    };
  }

  attach(context: DriverContext): void {
    this.context = context;
  }

  configure(settings: { registries?: RegistrySettings }): void {
    this.registries = settings.registries;
  }

  async observe(): Promise<ObservedWorkload[]> {
    const api = await this.connect();
    const found = new Map<string, ContainerSummary[]>();
    if (api) {
      try {
        for (const c of await api.listContainers(ownerSelector(this.owner()))) {
          const id = readIdentity(c.Labels)?.instanceId ?? c.Labels?.[labelKeys.instance];
          if (id) found.set(id, [...(found.get(id) ?? []), c]);
        }
      } catch (error) {
        if (!(error instanceof EngineUnavailableError)) throw error;
      }
    }
    const state = await this.loadState();
    const ids = new Set([...this.supervisors.keys(), ...found.keys(), ...(api ? state.ids() : [])]);
    return [...ids].map((id) => {
      const supervisor = this.supervisors.get(id);
      if (supervisor?.revision !== undefined) return supervisor.view();
      return {
        id,
        revision: state.get(id)?.revision ?? '',
        phase: 'unsupervised',
        nodes: [],
        supervised: false,
      };
    });
  }

  async apply(action: ReconcileAction): Promise<void> {
    if (action.type === 'remove') return this.remove(action.id);
    const { workload } = action;
    const spec = readInstanceSpec(workload.spec);
    if (this.options.engine === 'none') {
      throw new TerminalError(`${noEngine} (the agent runs with --engine none)`);
    }
    const api = await this.connect(true);
    // The pass that planned this apply has just listed through the same client: an
    // engine that answered a moment ago needs no ping, one that did not gets the clear error.
    if (!api || !(api.client.answeredWithin(1000) || (await api.client.ping()))) {
      const where = this.options.sockets.join(', ') || 'no socket configured';
      throw new RetryLaterError(`${noEngine} (none answers on ${where})`, { afterMs: 10_000 });
    }
    const state = await this.loadState();
    await state.applied(workload.id, {
      revision: workload.revision,
      instance: spec.instance,
      keepVolumes: spec.keepVolumes,
    });
    let supervisor = this.supervisors.get(workload.id);
    if (!supervisor) {
      supervisor = new InstanceSupervisor(workload.id, {
        api,
        owner: this.ownerLabels(),
        storageRoot: this.storageRoot,
        hostAddress: this.options.hostAddress ?? defaultHostAddress(),
        state,
        timings: this.timings,
        ...(this.options.ulimits ? { ulimits: this.options.ulimits } : {}),
        registries: () => this.registries,
        emit: (event) => this.context?.emit(event),
        changed: () => this.context?.changed(),
        logger: this.context?.logger ?? this.logger,
        now: this.now,
      });
      this.supervisors.set(workload.id, supervisor);
      this.followEvents(api);
    }
    supervisor.setTarget(spec, workload.revision);
  }

  /**
   * Runs one supervisor tick of instance `id` now and resolves when it has finished
   * (tests and benchmarks: "one tick after an unchanged apply changes nothing").
   */
  async tickNow(id: string): Promise<void> {
    await this.supervisors.get(id)?.tickNow();
  }

  failedNodes(workload: Workload, message: string): ObservedNode[] {
    return nodeNamesOf(workload.spec).map((name) => ({
      name,
      phase: 'failed',
      ready: false,
      restarts: 0,
      endpoints: [],
      message,
    }));
  }

  async logs(request: LogsRequest, sink: OutputSink): Promise<void> {
    const api = await this.connect(true);
    if (!api) throw new Error(noEngine);
    const spec = readInstanceSpec(request.workload.spec);
    await streamLogs(
      { api, owner: this.ownerLabels(), workloadId: request.workload.id, spec },
      request,
      sink,
    );
  }

  async close(): Promise<void> {
    this.events?.stop();
    const all = [...this.supervisors.values()];
    this.supervisors.clear();
    await Promise.all(all.map((s) => s.close()));
    this.api?.client.close();
  }

  /** Removes an instance: containers (stopped first), network, volumes unless kept. */
  private async remove(id: string): Promise<void> {
    const supervisor = this.supervisors.get(id);
    this.supervisors.delete(id);
    await supervisor?.close();
    const api = await this.connect(true);
    if (!api) throw new RetryLaterError(noEngine, { afterMs: 10_000 });
    const selector = [...ownerSelector(this.owner()), `${labelKeys.instance}=${id}`];
    const containers = await api.listContainers(selector);
    const t = this.timings.stopTimeoutSeconds;
    await Promise.all(
      containers.map(async (c) => {
        await api.stopContainer(c.Id, t);
        await api.removeContainer(c.Id);
      }),
    );
    for (const network of await api.listNetworks(selector)) await api.removeNetwork(network.Id);
    const state = await this.loadState();
    const record = state.get(id);
    if (record && !record.keepVolumes && isDnsLabel(record.instance)) {
      const dir = instanceDir(this.storageRoot, record.instance);
      if (dir.startsWith(`${this.storageRoot}${sep}`))
        await rm(dir, { recursive: true, force: true });
    }
    await state.forget(id);
  }

  /** Wakes an instance's supervisor when the engine says one of its containers changed. */
  private followEvents(api: EngineApi): void {
    this.events ??= new ContainerEvents(
      api,
      ownerSelector(this.owner()),
      (id) => this.supervisors.get(id)?.kick(),
      this.context?.logger ?? this.logger,
    );
    this.events.start();
  }

  /** The engine, found by probing the sockets (at most every 5 s while none answers). */
  private async connect(force = false): Promise<EngineApi | undefined> {
    if (this.options.engine === 'none') return undefined;
    if (this.api) return this.api;
    if (!force && this.now() - this.lastProbe < 5000) return undefined;
    this.lastProbe = this.now();
    for (const socket of this.options.sockets) {
      const client = new EngineClient(socket, this.options.onRequest);
      if (await client.ping(1000)) {
        this.api = new EngineApi(client);
        return this.api;
      }
      client.close();
    }
    return undefined;
  }

  private loadState(): Promise<DriverState> {
    this.state ??= DriverState.load(this.options.stateDir, (problem) =>
      this.logger.error({ problem }, 'container driver state unreadable'),
    );
    return this.state;
  }

  private owner(): OwnerLabels {
    return this.ownerLabels();
  }

  private ownerLabels(): OwnerLabels {
    const agent = this.options.owner ?? this.context?.nodeId;
    if (!agent) throw new Error('the container driver has no owner: attach it to an agent first');
    return { agent, ...(this.options.labels ? { extra: this.options.labels } : {}) };
  }
}

/** The first IPv4 address of the host, else its name. */
function defaultHostAddress(): string {
  return hostAddresses().find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? hostname();
}
