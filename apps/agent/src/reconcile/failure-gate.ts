import { RetryLaterError, TerminalError } from './engine-driver.js';

/** The last failure of one workload. */
export interface WorkloadFailure {
  revision: string;
  message: string;
  terminal: boolean;
  attempts: number;
  /** Epoch ms before which the workload is not tried again (Infinity when terminal). */
  retryAt: number;
}

export interface FailureGateOptions {
  baseMs?: number;
  capMs?: number;
}

/**
 * Remembers which workloads failed and holds them back: a retryable failure waits
 * `base · 2^(attempts-1)` ms (capped, or the error's `afterMs`), a terminal one waits
 * until the workload's revision changes. A success clears the record. Time is passed in,
 * so it is tested without waiting.
 */
export class FailureGate {
  private readonly failures = new Map<string, WorkloadFailure>();
  private readonly baseMs: number;
  private readonly capMs: number;

  constructor(options: FailureGateOptions = {}) {
    this.baseMs = options.baseMs ?? 1000;
    this.capMs = options.capMs ?? 5 * 60_000;
  }

  /** May the workload be acted on now, towards `revision`? */
  allows(id: string, revision: string, now: number): boolean {
    const failure = this.failures.get(id);
    if (!failure || failure.revision !== revision) return true;
    return now >= failure.retryAt;
  }

  /** Records a failure; returns it, with `repeated` when it says what the previous one said. */
  record(
    id: string,
    revision: string,
    error: unknown,
    now: number,
  ): WorkloadFailure & { repeated: boolean } {
    const previous = this.failures.get(id);
    const attempts = previous?.revision === revision ? previous.attempts + 1 : 1;
    const terminal = error instanceof TerminalError;
    const message = error instanceof Error ? error.message : String(error);
    const delay =
      error instanceof RetryLaterError && error.afterMs !== undefined
        ? error.afterMs
        : Math.min(this.capMs, this.baseMs * 2 ** Math.min(attempts - 1, 30));
    const failure: WorkloadFailure = {
      revision,
      message,
      terminal,
      attempts,
      retryAt: terminal ? Number.POSITIVE_INFINITY : now + delay,
    };
    this.failures.set(id, failure);
    const repeated =
      previous?.revision === revision &&
      previous.message === message &&
      previous.terminal === terminal;
    return { ...failure, repeated };
  }

  clear(id: string): void {
    this.failures.delete(id);
  }

  get(id: string): WorkloadFailure | undefined {
    return this.failures.get(id);
  }

  /** Forgets workloads that are no longer desired. */
  retain(ids: Set<string>): void {
    for (const id of this.failures.keys()) if (!ids.has(id)) this.failures.delete(id);
  }

  /** The earliest time a held-back workload may be retried, if any. */
  nextRetryAt(): number | undefined {
    let next: number | undefined;
    for (const failure of this.failures.values()) {
      if (Number.isFinite(failure.retryAt) && (next === undefined || failure.retryAt < next)) {
        next = failure.retryAt;
      }
    }
    return next;
  }
}
