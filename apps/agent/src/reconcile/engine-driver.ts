import type { AgentSettings, CommandMessage, Workload, WorkloadStatus } from '@berth/spec';
import type { AgentLogger } from '../agent-logger.js';

/*
 * The reconcile contract (after controller-runtime's pkg/reconcile/reconcile.go).
 *
 * The agent is level-based: it never acts on the memory of a message, only on the
 * difference between what should run (the desired workloads) and what runs (what the
 * drivers observe right now). A pass is
 *
 *     observed = driver.observe()
 *     actions  = plan(desired workloads of the driver's kind, observed)   // pure
 *     for each action: driver.apply(action)
 *
 * and it runs whenever a new desired state arrives, after a restart (from desired.json,
 * with or without a server), and periodically, so drift (a container removed by hand, a
 * crashed process) is corrected without anyone asking.
 *
 * Drivers must make `apply` idempotent: creating what exists, starting what runs, or
 * removing what is gone succeeds without change, because a pass can be cut short by a
 * crash anywhere and simply runs again. `observe` reports only the workloads the driver
 * owns (drivers label what they create with the workload id and revision) and must not
 * change anything.
 *
 * Self-supervising drivers (the container driver) carry a workload out over time — start
 * levels, wait for health, restart what crashes — after `apply` has returned. They mark
 * what they observe with `supervised`: `true` means "I keep this at its revision myself",
 * so a workload of the same revision gets no action whatever its phase (a stopped
 * instance or a failed node is not "started" again every pass); `false` means "it is on
 * the host but nobody supervises it" (after an agent restart), and the plan issues
 * `start` so the driver adopts it. They report what happens through `attach`'s context:
 * `emit` for events, `changed` when a status changed between passes.
 *
 * Errors from `apply`:
 *   - RetryLaterError: transient (engine busy, image pull failed, port still held). The
 *     workload is retried with exponential backoff per workload (`afterMs` overrides the
 *     delay), and the failure is reported as an event and in its status.
 *   - TerminalError: retrying cannot help (an invalid spec for this driver, an image for
 *     another architecture). Reported once; not retried until the workload's revision
 *     changes.
 *   - anything else is treated as RetryLaterError: a bug must not stop the reconciler.
 * An error from `observe` fails the whole kind for this pass; it is retried next pass.
 *
 * A workload whose `kind` has no driver is reported `failed` (terminal) until a desired
 * state without it, or an agent with such a driver, arrives.
 */

/** One node (container, process, pod) of a workload as it runs. */
export type ObservedNode = WorkloadStatus['nodes'][number];

/** A workload as its driver observes it on the host. */
export interface ObservedWorkload {
  id: string;
  /** The revision it was created from. A different desired revision means update. */
  revision: string;
  /** `running`, `starting`, `stopped`, `failed`… `stopped` and `failed` are started again. */
  phase: string;
  message?: string;
  nodes: ObservedNode[];
  /** See the contract above; undefined: the phase decides (`stopped`/`failed` → start). */
  supervised?: boolean;
  /** Whether the host enforces the workload's memory and CPU limits (process driver). */
  limitsEnforced?: boolean;
}

/** An event for the server, before the queue gives it an id and a time. */
export interface ReconcileEvent {
  workload: string | null;
  node: string | null;
  reason: string;
  message: string;
}

/** What the agent hands a driver when it starts (see `EngineDriver.attach`). */
export interface DriverContext {
  /** The agent's node id: drivers label what they create with it. */
  nodeId: string;
  logger: AgentLogger;
  /** Queues an event for the server (persisted, resent until acknowledged). */
  emit(event: ReconcileEvent): void;
  /**
   * A status changed between passes: the agent runs a pass and reports it. Called during
   * a long `apply` (a download), it reports what `observe` shows at once, without waiting
   * for the pass to end.
   */
  changed(): void;
}

/** A `logs` command of the server, about a workload this driver owns. */
export type LogsRequest = Omit<CommandMessage['command'], 'workload'> & { workload: Workload };

/** Where a command's output goes: UTF-8 text, at most ~64 KiB per write. */
export interface OutputSink {
  /** Resolves once the text is on its way (backpressure); false once the reader is gone. */
  write(text: string): Promise<boolean>;
  /** Aborted when the server cancels the command or the session ends. */
  readonly signal: AbortSignal;
}

/** What `plan` asks a driver to do. */
export type ReconcileAction =
  | { type: 'create'; workload: Workload }
  | { type: 'update'; workload: Workload; observed: ObservedWorkload }
  | { type: 'start'; workload: Workload; observed: ObservedWorkload }
  | { type: 'remove'; id: string; observed: ObservedWorkload };

/**
 * Carries out actions for the workloads of one `kind` (`docker`, `process`, `noop`…).
 * Every driver passes the same contract-test suite. See the contract above.
 */
export interface EngineDriver {
  readonly kind: string;
  /** The workloads this driver owns on the host, now. Must not change anything. */
  observe(): Promise<ObservedWorkload[]>;
  /** Idempotent. Throws RetryLaterError or TerminalError (anything else counts as retry). */
  apply(action: ReconcileAction): Promise<void>;
  /** Releases connections the driver holds; workloads keep running. */
  close?(): Promise<void>;
  /** Called once by the agent before the first pass. */
  attach?(context: DriverContext): void;
  /** The agent settings of each desired state (registries, …). */
  configure?(settings: AgentSettings): void;
  /** The nodes to report for a workload that failed before it ran (status of `failed`). */
  failedNodes?(workload: Workload, message: string): ObservedNode[];
  /**
   * Streams a node's logs into `sink` until done or `sink.signal` aborts. Throws an Error
   * whose message is shown to the user when it cannot.
   */
  logs?(request: LogsRequest, sink: OutputSink): Promise<void>;
}

/** A transient failure: retried with backoff (or after `afterMs`). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  readonly afterMs?: number;
  constructor(message: string, options: { afterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.afterMs = options.afterMs;
  }
}

/** A failure retrying cannot fix: reported, not retried until the workload changes. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

/** The id of the workload an action is about. */
export function actionWorkloadId(action: ReconcileAction): string {
  return action.type === 'remove' ? action.id : action.workload.id;
}

/** The revision an action moves the workload to (`''` for a removal). */
export function actionRevision(action: ReconcileAction): string {
  return action.type === 'remove' ? '' : action.workload.revision;
}
