import { chmod, mkdir } from 'node:fs/promises';
import type { WorkloadNode } from '@berth/spec';
import { buildContainerSpec } from './container-spec.js';
import { PullError } from './engine-api.js';
import { isEngineStatus } from './engine-client.js';
import { assertNoSymlink } from './host-access.js';
import { registryAuth, resolveImage } from './image-ref.js';
import { containerName, instanceLabels, labelKeys, volumeDir } from './naming.js';
import { type PlanAction, replicaKey } from './plan-types.js';
import {
  freshRun,
  type InstanceMemory,
  type SupervisorDeps,
  type Target,
} from './supervisor-memory.js';

/**
 * Carries out the planner's actions for one instance against the engine, and says what
 * it did in events. Each action is idempotent (the planner may ask again after a crash
 * of the agent); a failure is recorded where the planner will see it (an image state, a
 * hold on the replica) and reported once per distinct message.
 */
export class ReplicaActions {
  constructor(
    private readonly id: string,
    private readonly deps: SupervisorDeps,
    private readonly memory: InstanceMemory,
    private readonly target: () => Target,
  ) {}

  async execute(action: PlanAction): Promise<void> {
    const node = this.target().spec.nodes.find((n) => n.name === action.node);
    try {
      if (action.type === 'pull') await this.ensureImage(node!);
      else if (action.type === 'create') await this.create(node!, action.replica, action.replace);
      else if (action.type === 'start') await this.start(action);
      else if (action.type === 'restart') await this.restart(action);
      else if (action.type === 'stop') await this.stop(action);
      else await this.remove(action);
      if (action.type !== 'pull' && action.type !== 'remove') {
        this.memory.holds.delete(replicaKey(action.node, action.replica));
      }
    } catch (error) {
      this.failed(action, error);
    }
  }

  /** Makes the node's image present: a no-op when the engine has it, else a pull. */
  private async ensureImage(node: WorkloadNode): Promise<void> {
    const registries = this.deps.registries();
    const resolved = resolveImage(node.image, registries);
    const { images } = this.memory;
    const failures = images.get(node.name)?.failures;
    images.set(node.name, {
      state: 'pulling',
      ref: resolved.ref,
      ...(failures ? { failures } : {}),
    });
    if (await this.deps.api.hasImage(resolved.ref)) {
      images.set(node.name, { state: 'present', ref: resolved.ref });
      return;
    }
    const from = resolved.ref === node.image ? '' : ` (as ${resolved.ref})`;
    this.event(node.name, 'pulling', `pulling image ${node.image}${from} for node ${node.name}`);
    const started = this.deps.now();
    try {
      await this.deps.api.pullImage(resolved.ref, registryAuth(resolved, registries));
      if (!(await this.deps.api.hasImage(resolved.ref))) {
        throw new PullError('the engine reported success but does not hold the image');
      }
    } catch (error) {
      const reason = errorText(error);
      const terminal = isPermanentPullFailure(reason);
      const count = failures ?? 0;
      const { pullRetryMs, pullRetryCapMs } = this.deps.timings;
      const delay = Math.min(pullRetryCapMs, pullRetryMs * 2 ** Math.min(count, 20));
      const message = `cannot pull image ${node.image}${from}: ${reason}`.slice(0, 1500);
      images.set(node.name, {
        state: 'failed',
        ref: resolved.ref,
        message,
        terminal,
        retryAt: terminal ? Number.POSITIVE_INFINITY : this.deps.now() + delay,
        failures: count + 1,
      });
      const suffix = terminal ? ' (not retried until the instance changes)' : '';
      this.report(`pull:${node.name}`, node.name, 'failed', `${message}${suffix}`);
      return;
    }
    images.set(node.name, { state: 'present', ref: resolved.ref });
    const seconds = ((this.deps.now() - started) / 1000).toFixed(1);
    this.event(node.name, 'pulled', `pulled image ${node.image}${from} in ${seconds} s`);
  }

  /** Creates and starts a replica's container, replacing `replace` (stale) first. */
  private async create(node: WorkloadNode, replica: number, replace?: string): Promise<void> {
    const { api, timings } = this.deps;
    const target = this.target();
    const name = containerName(target.spec.instance, node.name, replica);
    if (replace) {
      await api.stopContainer(replace, timings.stopTimeoutSeconds);
      await api.removeContainer(replace);
      this.forget(replace);
      this.event(node.name, 'removed', `removed ${name} to replace it with the node's new version`);
    }
    for (const volume of node.volumes) {
      if (volume.hostPath !== undefined) {
        await assertNoSymlink(volume.hostPath);
        continue;
      }
      const dir = volumeDir(this.deps.storageRoot, target.spec.instance, node.name, volume.name);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
    }
    if (!node.hostNetwork) await this.ensureNetwork();
    const image = this.memory.images.get(node.name)?.ref ?? node.image;
    const spec = buildContainerSpec({
      workloadId: this.id,
      spec: target.spec,
      node,
      replica,
      revision: target.revision,
      image,
      network: target.network,
      storageRoot: this.deps.storageRoot,
      owner: this.deps.owner,
      stopTimeoutSeconds: timings.stopTimeoutSeconds,
      ...(this.deps.ulimits ? { ulimits: this.deps.ulimits } : {}),
    });
    let id: string;
    try {
      id = await api.createContainer(spec.name, spec.body);
    } catch (error) {
      // Our own container of that name: the next tick's listing shows it and plans it.
      if (await this.createFailed(node, name, error)) return;
      throw error;
    }
    this.event(node.name, 'created', `created ${name} from ${image}`);
    await api.startContainer(id);
    this.event(node.name, 'started', `started ${name}`);
  }

  /**
   * Learns from a failed create what the next attempt needs; true when the name is taken
   * by a container of this very replica (created by an earlier attempt the listing had
   * not shown yet), which is no failure. @throws when the name is someone else's.
   */
  private async createFailed(node: WorkloadNode, name: string, error: unknown): Promise<boolean> {
    if (isEngineStatus(error, 404) && /network/i.test(errorText(error))) {
      this.memory.networkReady = false;
    } else if (isEngineStatus(error, 404)) {
      this.memory.images.delete(node.name); // the image went away: check (and pull) again
    } else if (nameTaken(error)) {
      const other = await this.deps.api.inspectContainer(name).catch(() => undefined);
      const labels = other?.Config.Labels ?? {};
      const ours =
        labels[labelKeys.agent] === this.deps.owner.agent && labels[labelKeys.instance] === this.id;
      if (!ours) {
        throw new Error(`a container named ${name} exists and is not managed by this agent`);
      }
      return true;
    }
    return false;
  }

  private async ensureNetwork(): Promise<void> {
    if (this.memory.networkReady) return;
    const { spec, network } = this.target();
    await this.deps.api.createNetwork(
      network,
      instanceLabels(this.deps.owner, this.id, spec.instance),
    );
    this.memory.networkReady = true;
  }

  private async start(action: Extract<PlanAction, { type: 'start' }>): Promise<void> {
    const tracked = this.memory.tracked.get(action.container);
    const why = tracked?.facts.exitMessage;
    await this.deps.api.startContainer(action.container);
    freshRun(tracked);
    const name = tracked?.name ?? action.container.slice(0, 12);
    if (!action.restart) {
      this.event(action.node, 'started', `started ${name}`);
      return;
    }
    const count = this.countRestart(action.node, action.replica);
    const after = why ? ` after it ${why}` : '';
    this.event(action.node, 'restarted', `restarted ${name}${after} (restart ${count})`);
  }

  private async restart(action: Extract<PlanAction, { type: 'restart' }>): Promise<void> {
    const tracked = this.memory.tracked.get(action.container);
    await this.deps.api.restartContainer(action.container, this.deps.timings.stopTimeoutSeconds);
    freshRun(tracked);
    const count = this.countRestart(action.node, action.replica);
    const name = tracked?.name ?? action.container.slice(0, 12);
    this.event(
      action.node,
      'restarted',
      `restarted ${name} after it failed its health check (restart ${count})`,
    );
  }

  private async stop(action: Extract<PlanAction, { type: 'stop' }>): Promise<void> {
    const tracked = this.memory.tracked.get(action.container);
    if (tracked) tracked.facts.stoppedByAgent = true;
    await this.deps.api.stopContainer(action.container, this.deps.timings.stopTimeoutSeconds);
    tracked?.monitor?.stop();
    if (tracked) tracked.monitor = undefined;
    this.event(
      action.node,
      'stopped',
      `stopped ${tracked?.name ?? action.container} (instance stopped)`,
    );
  }

  private async remove(action: Extract<PlanAction, { type: 'remove' }>): Promise<void> {
    const tracked = this.memory.tracked.get(action.container);
    await this.deps.api.stopContainer(action.container, this.deps.timings.stopTimeoutSeconds);
    await this.deps.api.removeContainer(action.container);
    this.forget(action.container);
    this.event(
      action.node,
      'removed',
      `removed ${tracked?.name ?? action.container} (${action.why})`,
    );
  }

  private countRestart(node: string, replica: number): number {
    const key = replicaKey(node, replica);
    const entry = this.memory.restarts.get(key) ?? { restarts: 0, nextAt: 0, failures: 0 };
    entry.restarts++;
    this.memory.restarts.set(key, entry);
    return entry.restarts;
  }

  private forget(container: string): void {
    this.memory.tracked.get(container)?.monitor?.stop();
    this.memory.tracked.delete(container);
  }

  /** A create/start/stop failed: hold the replica back (growing delays) and say so once. */
  private failed(action: PlanAction, error: unknown): void {
    const message = errorText(error).slice(0, 1000);
    this.deps.logger.warn(
      { workload: this.id, node: action.node, action: action.type, err: message },
      'container action failed',
    );
    if (action.type === 'pull') return;
    const key = replicaKey(action.node, action.replica);
    const previous = this.memory.holds.get(key);
    const failures = (previous?.failures ?? 0) + 1;
    const delay = Math.min(5 * 60_000, 2000 * 2 ** Math.min(failures - 1, 20));
    const text = `could not ${action.type} replica ${action.replica}: ${message}`;
    this.memory.holds.set(key, { until: this.deps.now() + delay, message: text, failures });
    this.report(key, action.node, 'failed', text);
  }

  /** An event, unless the same failure was reported last time for this key. */
  report(key: string, node: string, reason: string, message: string): void {
    if (this.memory.reported.get(key) === message) return;
    this.memory.reported.set(key, message);
    this.event(node, reason, message);
  }

  event(node: string | null, reason: string, message: string): void {
    this.deps.emit({ workload: this.id, node, reason, message: message.slice(0, 2000) });
  }
}

/** A create refused because the name is in use: 409 on Docker, 500 on Podman 4.3. */
function nameTaken(error: unknown): boolean {
  return (
    isEngineStatus(error, 409) ||
    (isEngineStatus(error, 500) && /name .* is already in use/i.test(errorText(error)))
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Pull failures that waiting cannot fix: the image or tag does not exist, access is
 * refused, the reference is malformed. Others (the registry unreachable, timeouts, 5xx)
 * are retried with backoff, since an edge site's network comes and goes.
 */
export function isPermanentPullFailure(message: string): boolean {
  return /manifest unknown|not found|no such image|does not exist|name unknown|unauthorized|denied|invalid reference|must be lowercase|reference format/i.test(
    message,
  );
}
