import { createPrivateKey } from 'node:crypto';
import type { AgentSettings, DesiredState, NodeFacts, WorkloadStatus } from '@berth/spec';
import { NotJoinedError } from './agent-errors.js';
import type { AgentLogger } from './agent-logger.js';
import { type AgentSnapshot, statusDocument } from './agent-snapshot.js';
import { CoalescedTask } from './coalesced-task.js';
import { EventQueue } from './events/event-queue.js';
import type { EngineDriver, ReconcileEvent } from './reconcile/engine-driver.js';
import { Reconciler } from './reconcile/reconciler.js';
import { sessionUrl } from './server-url.js';
import { AgentSession } from './session/agent-session.js';
import { Backoff, type BackoffOptions } from './session/backoff.js';
import { CommandRunner } from './session/command-runner.js';
import { SessionSupervisor, type SupervisorOutcome } from './session/session-supervisor.js';
import { acquireRunLock, type RunLock } from './state/run-lock.js';
import type { CredentialFile } from './state/state-schemas.js';
import { StateStore } from './state/state-store.js';

export interface AgentOptions {
  stateDir: string;
  logger: AgentLogger;
  /** One per workload kind; the reconciler picks by `workload.kind`. */
  drivers: EngineDriver[];
  collectFacts: () => Promise<NodeFacts>;
  agentVersion: string;
  /** The periodic level-based pass (drift correction). Default 10 s. */
  reconcileIntervalMs?: number;
  backoff?: BackoffOptions;
  /** Delay after `authFailed` or a pin mismatch. Default 60–120 s. */
  slowRetryMs?: () => number;
  handshakeTimeoutMs?: number;
  /** Set the logger's level from the desired settings (not when the logger is borrowed). */
  followLogLevel?: boolean;
}

/** A started agent. */
export interface RunningAgent {
  /** Resolves when the agent has stopped: `stop()` was called, or the node was revoked. */
  readonly done: Promise<SupervisorOutcome>;
  /** Stops reconnecting, closes the session, writes a last status. Workloads keep running. */
  stop(): Promise<void>;
  snapshot(): AgentSnapshot;
}

/**
 * Starts the agent on a joined state directory: takes the run lock, loads the last
 * desired state and reconciles it at once, whether or not the server is reachable
 * (offline autonomy), then keeps one session with the server (reconnecting with backoff)
 * and a periodic pass. Throws NotJoinedError, StateLockedError or CorruptStateError.
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const store = await StateStore.open(options.stateDir, {
    onProblem: (file, problem) => options.logger.error({ file, problem }, 'state file unreadable'),
  });
  const credential = await store.loadCredential();
  if (!credential) throw new NotJoinedError(options.stateDir);
  const lock = await acquireRunLock(options.stateDir);
  try {
    await store.removeStaleTempFiles();
    const agent = new Agent(options, store, credential, lock);
    await agent.start();
    return agent;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

class Agent implements RunningAgent {
  done!: Promise<SupervisorOutcome>;
  private readonly logger: AgentLogger;
  private readonly reconciler: Reconciler;
  private readonly supervisor: SessionSupervisor;
  private readonly backoff: Backoff;
  private readonly passes: CoalescedTask;
  /** Reports progress a busy pass cannot report yet (a download in `apply`). */
  private readonly interim: CoalescedTask;
  private readonly statusWrites: CoalescedTask;
  private readonly driverEvents: CoalescedTask;
  private pendingDriverEvents: ReconcileEvent[] = [];
  private readonly commands: CommandRunner;
  private events!: EventQueue;
  private desired: DesiredState | undefined;
  private applied = 0;
  private statuses: WorkloadStatus[] = [];
  private lastPassAt: Date | null = null;
  private accepting: Promise<void> = Promise.resolve();
  private session = { acked: -1 };
  private sessions = 0;
  private lastContactAt: Date | null = null;
  private lastError: string | null = null;
  private readonly startedAt = new Date();
  private timers: NodeJS.Timeout[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly options: AgentOptions,
    private readonly store: StateStore,
    private readonly credential: CredentialFile,
    private readonly lock: RunLock,
  ) {
    this.logger = options.logger.child({ nodeId: credential.nodeId });
    this.reconciler = new Reconciler({ drivers: options.drivers, logger: this.logger });
    this.backoff = new Backoff(options.backoff);
    const onError = (what: string) => (error: unknown) => this.fail(what, error);
    this.passes = new CoalescedTask(() => this.pass(), onError('reconcile pass failed'));
    this.interim = new CoalescedTask(() => this.interimReport(), onError('interim report failed'));
    this.statusWrites = new CoalescedTask(() => this.writeStatus(), onError('cannot write status'));
    this.driverEvents = new CoalescedTask(
      () => this.queueDriverEvents(),
      onError('cannot save events'),
    );
    this.commands = new CommandRunner({
      workload: (id) => this.desired?.workloads.find((w) => w.id === id),
      driver: (kind) => options.drivers.find((d) => d.kind === kind),
      logger: this.logger,
    });
    this.supervisor = new SessionSupervisor({
      connect: () => this.connect(),
      backoff: this.backoff,
      slowRetryMs: options.slowRetryMs ?? (() => 60_000 + Math.floor(Math.random() * 60_000)),
      logger: this.logger,
      onEnd: (end) => {
        this.events.sessionEnded();
        this.commands.cancelAll();
        if (end.error) this.lastError = end.error.message;
        void this.statusWrites.run();
      },
    });
  }

  async start(): Promise<void> {
    const events = await this.store.loadEvents();
    this.events = new EventQueue(events, { persist: (all) => this.store.saveEvents(all) });
    for (const driver of this.options.drivers) {
      driver.attach?.({
        nodeId: this.credential.nodeId,
        logger: this.logger,
        emit: (event) => {
          this.pendingDriverEvents.push(event);
          void this.driverEvents.run();
        },
        // A driver saw a status change between passes: a pass reports it (coalesced).
        changed: () => {
          if (this.stopping) return;
          if (this.passes.busy) void this.interim.run();
          void this.passes.run();
        },
      });
    }
    const saved = await this.store.loadDesired();
    this.applied = (await this.store.loadApplied())?.generation ?? 0;
    if (saved) {
      this.desired = saved.desired;
      this.applySettings(saved.desired.settings);
      this.logger.info({ generation: saved.desired.generation }, 'running the saved desired state');
    }
    // Offline autonomy: the saved desired state runs now, not after the server answers.
    void this.passes.run();
    const every = this.options.reconcileIntervalMs ?? 10_000;
    // Each pass also rewrites status.json, which is how `status` tells a live agent.
    const tick = setInterval(() => void this.passes.run(), every);
    tick.unref();
    this.timers.push(tick);
    this.done = this.supervisor.start().then(async (outcome) => {
      if (outcome.kind === 'revoked') {
        this.lastError = `revoked: ${outcome.reason}`;
        await this.shutdown();
      }
      return outcome;
    });
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    await this.shutdown();
  }

  snapshot(): AgentSnapshot {
    return {
      nodeId: this.credential.nodeId,
      server: this.credential.server,
      startedAt: this.startedAt,
      connected: this.supervisor.session !== undefined && !this.stopping,
      lastContactAt: this.lastContactAt,
      sessions: this.sessions,
      desiredGeneration: this.desired?.generation ?? null,
      appliedGeneration: this.applied,
      workloads: this.statuses,
      lastPassAt: this.lastPassAt,
      pendingEvents: this.events.size,
      lastError: this.lastError,
    };
  }

  private async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.retryTimer);
    this.commands.cancelAll();
    await this.accepting;
    await this.passes.idle();
    await this.statusWrites.run();
    for (const driver of this.options.drivers) await driver.close?.().catch(() => {});
    await this.driverEvents.run();
    await this.lock.release();
  }

  private connect(): AgentSession {
    return new AgentSession({
      url: sessionUrl(this.credential.server),
      nodeId: this.credential.nodeId,
      privateKey: createPrivateKey(this.credential.privateKeyPem),
      fingerprint: this.credential.fingerprint,
      userAgent: `berth-agent/${this.options.agentVersion}`,
      logger: this.logger,
      handshakeTimeoutMs: this.options.handshakeTimeoutMs,
      handlers: {
        hello: async () => ({
          facts: await this.options.collectFacts(),
          appliedGeneration: this.applied,
        }),
        welcomed: (_session, heartbeatSeconds) => {
          this.backoff.connected();
          this.sessions++;
          this.lastContactAt = new Date();
          this.lastError = null;
          this.session = { acked: this.applied };
          this.logger.info(
            { sessions: this.sessions, heartbeatSeconds },
            'connected to the server',
          );
          this.report();
          void this.statusWrites.run();
        },
        desired: (desired) => {
          this.lastContactAt = new Date();
          this.accepting = this.accepting
            .then(() => this.accept(desired))
            .catch((error) => this.fail('cannot accept the desired state', error));
        },
        eventsAcked: (ids) => {
          this.lastContactAt = new Date();
          void this.events.confirm(ids).catch((e) => this.fail('cannot save events', e));
        },
        command: (message, session) => this.commands.start(message, session),
        cancel: (id) => this.commands.cancel(id),
      },
    });
  }

  /** Persists a desired state from the server, then reconciles it. One at a time, in order. */
  private async accept(desired: DesiredState): Promise<void> {
    if (this.stopping) return;
    const current = this.desired;
    if (current && desired.generation < current.generation) {
      this.logger.warn(
        { generation: desired.generation, current: current.generation },
        'ignoring a desired state older than the one held',
      );
      return;
    }
    this.logger.info(
      { generation: desired.generation, workloads: desired.workloads.length },
      'desired state received',
    );
    try {
      await this.store.saveDesired(desired, new Date());
    } catch (error) {
      // Not persisted means not acknowledged: reconnecting makes the server send it again.
      this.fail('cannot persist the desired state', error);
      this.supervisor.session?.close(1011, 'cannot persist the desired state');
      return;
    }
    this.desired = desired;
    this.applySettings(desired.settings);
    this.session.acked = -1;
    await this.passes.run();
  }

  /** The welcome sets the heartbeat; a desired state that changes it wins from then on. */
  private applySettings(settings: AgentSettings): void {
    if (this.options.followLogLevel) this.logger.level = settings.logLevel;
    this.supervisor.session?.setHeartbeatSeconds(settings.heartbeatSeconds);
    for (const driver of this.options.drivers) driver.configure?.(settings);
  }

  /** One level-based pass over the held desired state; acks it once applied. */
  private async pass(): Promise<void> {
    const desired = this.desired;
    const result = await this.reconciler.reconcile(desired?.workloads ?? []);
    this.statuses = result.statuses;
    this.lastPassAt = new Date();
    await this.events.add(result.events).catch((e) => this.fail('cannot save events', e));
    this.scheduleRetry(result.retryAt);
    if (desired && desired.generation !== this.applied) {
      await this.store.saveApplied(desired.generation, new Date());
      this.applied = desired.generation;
      this.logger.info({ generation: this.applied }, 'desired state applied');
    }
    this.report();
    void this.statusWrites.run();
  }

  /**
   * What the drivers show while a pass is still busy, sent at once; the statuses of
   * workloads the busy pass has not reached are as fresh as any. A pass that ended
   * meanwhile reported fresher ones, so then nothing is sent.
   */
  private async interimReport(): Promise<void> {
    const desired = this.desired;
    if (!desired) return;
    const statuses = await this.reconciler.statuses(desired.workloads);
    if (!this.passes.busy || this.desired !== desired) return;
    const byId = new Map(statuses.map((s) => [s.id, s]));
    this.statuses = this.statuses.map((s) => byId.get(s.id) ?? s);
    for (const s of statuses) if (!this.statuses.some((t) => t.id === s.id)) this.statuses.push(s);
    this.report();
  }

  /**
   * Sends the ack the server has not seen on this session, the status (every pass, and
   * a driver's change triggers a pass) and the events not yet sent or acknowledged.
   */
  private report(): void {
    const session = this.supervisor.session;
    if (!session) return;
    if (this.desired?.generation === this.applied && this.session.acked !== this.applied) {
      session.send({ type: 'ack', generation: this.applied });
      this.session.acked = this.applied;
    }
    session.send({ type: 'status', generation: this.applied, workloads: this.statuses });
    this.flushEvents(session);
  }

  /** Events leave the queue on the server's `events-ack`, not when sent. */
  private flushEvents(session: AgentSession): void {
    for (let batch = this.events.takeUnsent(); batch.length > 0; batch = this.events.takeUnsent()) {
      if (!session.send({ type: 'events', events: batch })) return;
    }
  }

  /** Queues (persists) what drivers reported between passes, then sends it. */
  private async queueDriverEvents(): Promise<void> {
    const batch = this.pendingDriverEvents.splice(0);
    if (batch.length === 0) return;
    await this.events.add(batch);
    const session = this.supervisor.session;
    if (session) this.flushEvents(session);
  }

  private scheduleRetry(retryAt: number | undefined): void {
    clearTimeout(this.retryTimer);
    if (retryAt === undefined || this.stopping) return;
    // Clamped: the periodic pass runs anyway, and a timer past 2^31 ms would fire at once.
    const delay = Math.min(Math.max(0, retryAt - Date.now()), 3_600_000);
    this.retryTimer = setTimeout(() => void this.passes.run(), delay);
    this.retryTimer.unref();
  }

  private async writeStatus(): Promise<void> {
    await this.store.saveStatus(statusDocument(this.snapshot(), process.pid, new Date()));
  }

  private fail(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.lastError = `${what}: ${message}`;
    this.logger.error({ err: message }, what);
  }
}
